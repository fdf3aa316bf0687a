import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts DynamoDB Local as its own main class does, with two differences the local stack needs:
 *
 * <ul>
 *   <li>It listens on the host in the system property {@code ecls.host} (default 127.0.0.1). DynamoDB Local has
 *       no option for this: it builds its Jetty server with {@code new Server(port)}, which listens on every
 *       interface, so the connector's host is set before the server starts.
 *   <li>It exits when the process in {@code ecls.parentPid} ends, so a registry killed with SIGKILL (which runs
 *       no exit handler) does not leave it running, holding the port and the database file.
 * </ul>
 *
 * <p>The arguments are DynamoDB Local's own ({@code -port}, {@code -dbPath}, {@code -sharedDb}, …).
 */
public final class LoopbackDynamoDbLocal {
  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    String parentPid = System.getProperty("ecls.parentPid");
    if (parentPid != null) {
      ProcessHandle parent = ProcessHandle.of(Long.parseLong(parentPid)).orElse(null);
      if (parent == null) {
        System.err.println("ecls: parent process " + parentPid + " is gone; not starting.");
        System.exit(3);
      }
      // System.exit runs DynamoDB Local's shutdown hooks, which close the SQLite database cleanly.
      parent.onExit().thenRun(() -> System.exit(0));
    }
    String host = System.getProperty("ecls.host", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost(host);
    }
    proxy.start();
  }
}
