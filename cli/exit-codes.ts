/** Exit codes shared by every `ecls` command. */

/** Exit code for bad usage: unknown option, missing argument or file, unknown format (1 is a rejected file). */
export const USAGE_EXIT_CODE = 2;
