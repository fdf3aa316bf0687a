// The Methods section is written from the spec: a changed spec changes the words.
import { methodsText, type MethodsParagraph } from '../../../shared/report/methods-text.js';
import {
  defaultReportSpec,
  defaultReportSpecInput,
  paperWindowReportSpec,
  ReportSpecSchema,
  type ReportSpecInput,
} from '../../../shared/report/spec/index.js';

const facts = {
  cutoff: '2023-09-30T23:59:59.999Z',
  softwareVersion: '9.8.7',
  flowchartSteps: ['Runs submitted in the study period', 'Pregnancy', 'IABP started before ECMO'],
};

const text = (paragraphs: MethodsParagraph[], id: string): string => {
  const found = paragraphs.find((p) => p.id === id);
  if (found === undefined) throw new Error(`no ${id} paragraph`);
  return found.text;
};

const withSpec = (changes: Partial<ReportSpecInput>) =>
  methodsText(ReportSpecSchema.parse({ ...defaultReportSpecInput, ...changes }), facts);

describe('methodsText', () => {
  const methods = methodsText(defaultReportSpec, facts);

  it('cites the source study and names the spec and the software version', () => {
    expect(text(methods, 'source')).toContain('doi:10.1186/s13054-024-05129-1');
    expect(text(methods, 'source')).toContain('“iabp_after_ecmo”');
    expect(text(methods, 'software')).toContain('version 9.8.7');
  });

  it('states the rolling window up to the cut-off and the flowchart steps in order', () => {
    expect(text(methods, 'cohort')).toContain(
      'every run with ECMO started up to the data cut-off (2023-09-30)',
    );
    expect(text(methods, 'cohort')).toContain(
      '(1) Runs submitted in the study period; (2) Pregnancy; (3) IABP started before ECMO.',
    );
  });

  it('states the paper window for the paper-window spec', () => {
    const paper = methodsText(paperWindowReportSpec, facts);
    expect(text(paper, 'cohort')).toContain('from 2017-01-01 to 2023-07-31');
    expect(text(paper, 'cohort')).not.toContain('every run with ECMO started up to');
  });

  it('gives the exposure in clinical words, and a changed exposure as its rule', () => {
    expect(text(methods, 'exposure')).toContain(
      'IABP after ECMO: an IABP started after ECMO start and before ECMO end',
    );
    const changed = withSpec({
      exposure: { label: 'Any IABP', when: { column: 'iabp_timing', op: 'in', value: ['after', 'before'] } },
    });
    expect(text(changed, 'exposure')).toContain('Any IABP: iabp_timing one of “after”, “before”');
    expect(text(changed, 'exposure')).not.toContain('before ECMO end');
  });

  it("lists the main model's covariates and each sensitivity model's additions", () => {
    const models = text(methods, 'models');
    expect(models).toContain('The main model adjusts for Age, Male sex, BMI, Prior cardiac intervention');
    expect(models).toContain('Pre-ECMO cardiac arrest and Pre-ECMO vasopressor types;');
    expect(models).not.toMatch(/adjusts for[^;]*pH/);
    expect(models).toContain('Sensitivity model “Blood gases added” adds pH, PaCO2 and PaO2');
    expect(models).toContain('pH (imputed) reads an imputed value');

    const fewer = withSpec({
      adjustment: defaultReportSpecInput.adjustment.filter((v) => v.id !== 'bmi'),
      sensitivityModels: [],
    });
    expect(text(fewer, 'models')).not.toContain('BMI');
    expect(text(fewer, 'models')).toContain('No sensitivity model is specified.');
  });

  it('states the imputation (variables, m, method, seed) and follows a changed m and seed', () => {
    expect(text(methods, 'imputation')).toContain(
      'Missing values of pH, PaCO2 and PaO2 are filled in by multiple imputation by chained equations (predictive mean matching), m = 5 imputed data sets, 5 iterations, random seed 20240101',
    );
    const changed = withSpec({ imputation: { ...defaultReportSpecInput.imputation, m: 20, seed: 7 } });
    expect(text(changed, 'imputation')).toContain('m = 20 imputed data sets');
    expect(text(changed, 'imputation')).toContain('random seed 7;');
  });

  it('states the matching and follows a caliper and another order', () => {
    const matching = text(methods, 'matching');
    expect(matching).toContain(
      '1:1 by greedy nearest neighbour on the propensity score, without replacement, with no caliper',
    );
    expect(matching).toContain('largest propensity score are matched first');
    expect(matching).toContain('Pre-ECMO mechanical ventilation');
    const changed = withSpec({
      matching: { ...defaultReportSpecInput.matching, caliper: 0.2, order: 'smallest' },
    });
    expect(text(changed, 'matching')).toContain('within a caliper of 0.2 standard deviations');
    expect(text(changed, 'matching')).toContain('smallest propensity score are matched first');
  });

  it('states how live discharge counts and the competing-risks view, and follows the spec', () => {
    expect(text(methods, 'survival')).toContain(
      'a run discharged alive before day 30 counts as alive at day 30 (censored there)',
    );
    expect(text(methods, 'survival')).toContain(
      'live discharge as a competing event (Aalen–Johansen estimator)',
    );
    const changed = withSpec({
      survival: { ...defaultReportSpecInput.survival, liveDischarge: 'censored', competingRisks: false },
    });
    expect(text(changed, 'survival')).toContain('is censored at discharge');
    expect(text(changed, 'survival')).not.toContain('Aalen–Johansen');
  });

  it('states the Table 1 tests and the center volume rule, and follows the spec', () => {
    const tests = text(methods, 'tests');
    expect(tests).toContain('one Pearson chi-square test per variable over all its levels (r × c)');
    expect(tests).toContain('Fisher’s exact test when an expected count is below 5');
    expect(tests).toContain('PaCO2, PaO2, Lactate before ECMO');
    expect(tests).toContain(
      'every run the center submitted in the study window with ecmo_mode “VA” and age at least 18',
    );
    const changed = withSpec({ tests: { categorical: 'per-level' }, centerVolume: { runs: 'cohort' } });
    expect(text(changed, 'tests')).toContain('each level tested against the rest (2 × 2)');
    expect(text(changed, 'tests')).toContain(
      "the center's runs left in the cohort after every exclusion, divided",
    );
  });

  it("states Firth's method and the suppression threshold from the spec", () => {
    expect(text(methods, 'firth')).toContain("Firth's penalised likelihood");
    expect(text(methods, 'suppression')).toContain('No count from 1 to 10 is shown');
    const changed = withSpec({ suppression: { threshold: 5 } });
    expect(text(changed, 'suppression')).toContain('No count from 1 to 4 is shown');
  });
});
