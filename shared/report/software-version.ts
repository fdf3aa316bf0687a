/** The software version written into every report's provenance (and printed by `ecls --version`). */
export const REPORT_SOFTWARE_VERSION = '0.1.0';
