/**
 * Silences exactly one warning: the AWS SDK's NodeVersionSupportWarning, which every process that builds an SDK
 * client prints (eight lines on stderr) on Node 20, announcing that SDK releases after January 2027 need Node 22.
 * The registry supports Node >= 20 and pins its SDK versions in package-lock.json, so the notice is for whoever
 * upgrades the SDK, not for a data manager running `ecls`. The SDK documents this variable as the switch
 * (aws/aws-sdk-js-v3 issue 7983; read in @aws-sdk/core's emitWarningIfUnsupportedVersion). Every other warning
 * still prints, and a value already set in the environment is respected. Imported first by cli/main.ts and by
 * cli/start.ts; child processes inherit the variable.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};
