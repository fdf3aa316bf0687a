/** Exit codes shared by every `ecls` command. */

/** Exit code for bad usage: unknown option, missing argument or file, unknown format (1 is a rejected file). */
export const USAGE_EXIT_CODE = 2;

/** Exit code for an unexpected internal error, a bug rather than the user's to fix (sysexits' EX_SOFTWARE). */
export const INTERNAL_ERROR_EXIT_CODE = 70;
