import { FunctionConfigError, readFunctionEnvironment } from '../../../shared/adapters/composition-root.js';
import {
  reportDependencies,
  reportDependenciesFromEnvironment,
} from '../../../shared/adapters/report-composition.js';
import { envNames } from '../../../shared/config/resources.js';
import { base, clients } from './support/function-environment.js';

describe('reportDependencies', () => {
  it('uses the buckets of the environment and logs under the function name', () => {
    const lines: string[] = [];
    const env = readFunctionEnvironment({ ...base, [envNames.reportsBucket]: 'ecls-reports' }, 'report');
    const deps = reportDependencies(env, clients(), { log: (line) => lines.push(line) });
    deps.log('hello');
    expect(deps.buckets).toEqual({ data: 'ecls-data', reports: 'ecls-reports' });
    expect(lines).toEqual(['hello']);
  });
});

describe('reportDependenciesFromEnvironment', () => {
  it('builds the dependencies from an explicit environment, with the given log', () => {
    const lines: string[] = [];
    const deps = reportDependenciesFromEnvironment(
      'close-quarter',
      { ...base, [envNames.reportsBucket]: 'ecls-reports' },
      (line) => lines.push(line),
    );
    deps.log('closing');
    expect(deps.buckets).toEqual({ data: 'ecls-data', reports: 'ecls-reports' });
    expect(lines).toEqual(['closing']);
  });

  it('names the function whose environment lacks the reports bucket', () => {
    expect(() => reportDependenciesFromEnvironment('report', base, () => undefined)).toThrow(
      FunctionConfigError,
    );
    expect(() => reportDependenciesFromEnvironment('report', base, () => undefined)).toThrow(/report/);
  });
});
