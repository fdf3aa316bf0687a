/**
 * The registry's data dictionary: one row is one VA-ECMO run of one patient (STUDY.md, "One run, one row").
 * `RunRowSchema` is the single source of truth for every column's name, type, unit, range or allowed values,
 * whether it is required, and its description. Cross-field rules live beside it in cross-field-rules.ts.
 *
 * Analysis variables (history, pre-ECMO state, outcomes, complications) are optional: a blank is valid data that
 * lowers completeness (a yellow verdict) and excludes the run from analyses that need it ("missing key data").
 */
import { z } from 'zod';
import { complicationCategories } from './complications.js';
import { booleanColumn, dateTimeColumn, enumColumn, numberColumn, textColumn } from './column-meta.js';

const complicationDescriptions: Record<string, string> = {
  comp_oxygenator_failure: 'Membrane lung (oxygenator) failure',
  comp_tubing_rupture: 'Circuit tubing rupture',
  comp_joint_cracking: 'Circuit joint cracking',
  comp_heat_exchanger_malfunction: 'Heat exchanger malfunction',
  comp_cannulation_problem: 'Cannulation problem (malposition, dislodgement, failed cannulation)',
  comp_circuit_thrombosis: 'Circuit thrombosis requiring intervention',
  comp_gi_bleeding: 'Gastrointestinal bleeding',
  comp_cannulation_site_bleeding: 'Bleeding at a cannulation site',
  comp_surgical_site_bleeding: 'Bleeding at a surgical site',
  comp_hemolysis: 'Hemolysis (plasma free hemoglobin > 50 mg/dL)',
  comp_dic: 'Disseminated intravascular coagulation',
  comp_cerebral_hemorrhage: 'Cerebral hemorrhage',
  comp_cerebral_infarction: 'Cerebral infarction',
  comp_seizures: 'Seizures (clinical or EEG)',
  comp_brain_death: 'Brain death',
  comp_creatinine_rise: 'Creatinine rise (acute kidney injury)',
  comp_crrt: 'Continuous renal replacement therapy',
  comp_pneumothorax: 'Pneumothorax',
  comp_pulmonary_hemorrhage: 'Pulmonary hemorrhage',
  comp_pulmonary_infection: 'Pulmonary infection',
  comp_glucose_low: 'Blood glucose < 40 mg/dL',
  comp_glucose_high: 'Blood glucose > 240 mg/dL',
  comp_ph_low: 'Arterial pH < 7.2 during ECMO',
  comp_ph_high: 'Arterial pH > 7.6 during ECMO',
  comp_limb_ischemia: 'Distal limb ischemia',
  comp_limb_necrosis: 'Limb necrosis',
  comp_fasciotomy: 'Fasciotomy',
  comp_amputation: 'Amputation',
  comp_embolectomy: 'Embolectomy',
  comp_endoluminal_stripping: 'Endoluminal stripping',
};

const complicationShape = Object.fromEntries(
  Object.entries(complicationCategories).flatMap(([category, columns]) =>
    columns.map((name) => [
      name,
      booleanColumn(
        { group: 'complications', description: `${complicationDescriptions[name]} (${category} category)` },
        false,
      ),
    ]),
  ),
) as Record<
  (typeof complicationCategories)[keyof typeof complicationCategories][number],
  z.ZodOptional<z.ZodBoolean>
>;

const historyColumn = (description: string, aliases: string[] = []) =>
  booleanColumn({ group: 'history', description, aliases }, false);

const lactate = (description: string, aliases: string[]) =>
  numberColumn({ min: 0, max: 50 }, { group: 'pre-ECMO state', description, unit: 'mmol/L', aliases }, false);

/** One VA-ECMO run, as typed values after each CSV cell has been read (see cell-parsers.ts). */
export const RunRowSchema = z.object({
  // identity
  center_id: textColumn(/^[A-Z][A-Z0-9]{1,15}$/, 'a center id such as C001', {
    group: 'identity',
    description: 'Registry center id; must be the uploading center',
    aliases: ['center', 'centre_id', 'hospital_id', 'site_id'],
  }),
  run_id: textColumn(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, '1–40 letters, digits, "_", "-" or "."', {
    group: 'identity',
    description: 'Pseudonymous run id, unique within the center (never a name, record or national id number)',
    aliases: ['run', 'case_id', 'ecmo_id'],
  }),
  birth_year: numberColumn(
    { min: 1900, max: 2100, integer: true },
    {
      group: 'identity',
      description: 'Year of birth (age or year of birth is required)',
      aliases: ['yob'],
    },
    false,
  ),

  // demographics
  age_years: numberColumn(
    { min: 0, max: 120 },
    {
      group: 'demographics',
      description: 'Age at ECMO start (age or year of birth is required)',
      unit: 'years',
      aliases: ['age'],
    },
    false,
  ),
  sex: enumColumn(
    ['male', 'female'],
    {
      group: 'demographics',
      description: 'Sex',
      aliases: ['gender'],
      valueLabels: { male: 'also M', female: 'also F' },
    },
    true,
  ),
  height_cm: numberColumn(
    { min: 40, max: 250 },
    { group: 'demographics', description: 'Height', unit: 'cm', aliases: ['height'] },
    false,
  ),
  weight_kg: numberColumn(
    { min: 2, max: 350 },
    { group: 'demographics', description: 'Weight', unit: 'kg', aliases: ['weight'] },
    false,
  ),
  bmi: numberColumn(
    { min: 10, max: 80 },
    {
      group: 'demographics',
      description: 'Body-mass index; derived from height and weight when blank',
      unit: 'kg/m²',
      aliases: ['body_mass_index'],
    },
    false,
  ),
  pregnant: booleanColumn(
    { group: 'demographics', description: 'Pregnant at ECMO start', aliases: ['pregnancy'] },
    true,
  ),

  // timing
  admission_at: dateTimeColumn(
    {
      group: 'timing',
      description: 'Hospital admission',
      aliases: ['admission', 'admission_time', 'admitted_at'],
    },
    true,
  ),
  ecmo_start_at: dateTimeColumn(
    { group: 'timing', description: 'ECMO start (first flow)', aliases: ['ecmo_start', 'ecmo_start_time'] },
    true,
  ),
  ecmo_end_at: dateTimeColumn(
    {
      group: 'timing',
      description: 'ECMO end (decannulation or death on support); blank while on support',
      aliases: ['ecmo_end', 'ecmo_end_time'],
    },
    false,
  ),
  discharge_at: dateTimeColumn(
    {
      group: 'timing',
      description:
        'Hospital discharge, or death in hospital; blank while the patient is in hospital (run "in progress")',
      aliases: ['discharge', 'discharge_time', 'discharged_at'],
    },
    false,
  ),
  iabp: booleanColumn(
    {
      group: 'timing',
      description: 'An intra-aortic balloon pump was used during the admission',
      aliases: ['iabp_used'],
    },
    true,
  ),
  iabp_start_at: dateTimeColumn(
    {
      group: 'timing',
      description: 'IABP start; required when iabp is yes, so IABP before or after ECMO can be derived',
      aliases: ['iabp_start', 'iabp_start_time'],
    },
    false,
  ),

  // ECMO
  indication: enumColumn(
    ['cardiogenic_shock', 'respiratory_failure', 'other'],
    { group: 'ecmo', description: 'Primary indication for ECMO', aliases: ['ecmo_indication'] },
    true,
  ),
  ecmo_mode: enumColumn(
    ['VA', 'VV', 'VAV', 'VVA', 'other'],
    { group: 'ecmo', description: 'ECMO mode at start', aliases: ['mode'] },
    true,
  ),
  mode_conversion: booleanColumn(
    { group: 'ecmo', description: 'The ECMO mode was converted during the run', aliases: ['mode_changed'] },
    true,
  ),
  cannulation: enumColumn(
    ['peripheral', 'central'],
    { group: 'ecmo', description: 'Cannulation strategy', aliases: ['cannulation_type'] },
    true,
  ),
  lv_unloading: enumColumn(
    ['none', 'impella', 'atrial_septostomy', 'surgical_lv_vent', 'other'],
    {
      group: 'ecmo',
      description: 'LV unloading other than IABP',
      aliases: ['other_lv_unloading', 'lv_vent'],
    },
    true,
  ),
  diagnosis: enumColumn(
    ['myocarditis', 'pcs', 'ami', 'chronic_hf', 'sepsis', 'other'],
    {
      group: 'ecmo',
      description: 'Pre-ECMO diagnosis',
      aliases: ['pre_ecmo_diagnosis'],
      valueLabels: {
        myocarditis: 'myocarditis',
        pcs: 'post-cardiotomy shock',
        ami: 'acute myocardial infarction',
        chronic_hf: 'chronic heart failure',
        sepsis: 'sepsis',
        other: 'other',
      },
    },
    false,
  ),

  // history
  hx_cardiac_intervention: historyColumn('Prior cardiac intervention (PCI or cardiac surgery)', [
    'prior_cardiac_intervention',
  ]),
  hx_myocardial_infarction: historyColumn('Prior myocardial infarction', ['prior_mi']),
  hx_hypertension: historyColumn('Hypertension', ['hypertension']),
  hx_diabetes: historyColumn('Diabetes mellitus', ['diabetes']),
  hx_hyperlipidemia: historyColumn('Hyperlipidemia', ['hyperlipidemia']),
  hx_heart_failure: historyColumn('Chronic heart failure', ['heart_failure']),
  hx_ckd: historyColumn('Chronic kidney disease', ['ckd', 'chronic_kidney_disease']),
  hx_cirrhosis: historyColumn('Liver cirrhosis', ['cirrhosis']),
  hx_smoking: historyColumn('Current or former smoker', ['smoking', 'smoker']),

  // pre-ECMO state
  pre_cardiac_arrest: booleanColumn(
    {
      group: 'pre-ECMO state',
      description: 'Cardiac arrest before ECMO',
      aliases: ['pre_ca', 'cardiac_arrest'],
    },
    false,
  ),
  pre_vasopressor_count: numberColumn(
    { min: 0, max: 10, integer: true },
    {
      group: 'pre-ECMO state',
      description: 'Number of vasopressor/inotrope types before ECMO',
      unit: 'types',
      aliases: ['vasopressors'],
    },
    false,
  ),
  pre_mechanical_ventilation: booleanColumn(
    {
      group: 'pre-ECMO state',
      description: 'Mechanical ventilation before ECMO',
      aliases: ['pre_mv', 'mechanical_ventilation'],
    },
    false,
  ),
  pre_sbp_mmhg: numberColumn(
    { min: 0, max: 300 },
    { group: 'pre-ECMO state', description: 'Systolic blood pressure', unit: 'mmHg', aliases: ['sbp'] },
    false,
  ),
  pre_dbp_mmhg: numberColumn(
    { min: 0, max: 250 },
    { group: 'pre-ECMO state', description: 'Diastolic blood pressure', unit: 'mmHg', aliases: ['dbp'] },
    false,
  ),
  pre_map_mmhg: numberColumn(
    { min: 0, max: 250 },
    { group: 'pre-ECMO state', description: 'Mean arterial pressure', unit: 'mmHg', aliases: ['map'] },
    false,
  ),
  pre_ph: numberColumn(
    { min: 6.5, max: 8.0 },
    { group: 'pre-ECMO state', description: 'Arterial pH (imputed when missing)', aliases: ['ph'] },
    false,
  ),
  pre_paco2_mmhg: numberColumn(
    { min: 5, max: 200 },
    {
      group: 'pre-ECMO state',
      description: 'Arterial PaCO2 (imputed when missing)',
      unit: 'mmHg',
      aliases: ['paco2'],
    },
    false,
  ),
  pre_pao2_mmhg: numberColumn(
    { min: 10, max: 700 },
    {
      group: 'pre-ECMO state',
      description: 'Arterial PaO2 (imputed when missing)',
      unit: 'mmHg',
      aliases: ['pao2'],
    },
    false,
  ),
  pre_lactate_mmol_l: lactate('Lactate before ECMO', ['lactate', 'pre_lactate']),

  // during ECMO
  lactate_4h_mmol_l: numberColumn(
    { min: 0, max: 50 },
    {
      group: 'during ECMO',
      description: 'Lactate 4 h after ECMO start',
      unit: 'mmol/L',
      aliases: ['lactate_4h'],
    },
    false,
  ),
  lactate_24h_mmol_l: numberColumn(
    { min: 0, max: 50 },
    {
      group: 'during ECMO',
      description: 'Lactate 24 h after ECMO start',
      unit: 'mmol/L',
      aliases: ['lactate_24h'],
    },
    false,
  ),
  vasopressor_change: enumColumn(
    ['fewer', 'same', 'more'],
    {
      group: 'during ECMO',
      description: 'Change in the number of vasopressor types during ECMO',
      aliases: ['vasopressor_trend'],
    },
    false,
  ),

  // outcomes
  died_in_hospital: booleanColumn(
    {
      group: 'outcomes',
      description: 'Died in hospital; blank while the run is in progress',
      aliases: ['in_hospital_death', 'death'],
    },
    false,
  ),
  survived_ecmo: booleanColumn(
    {
      group: 'outcomes',
      description: 'Weaned from ECMO and alive 48 h after weaning ("survival on ECMO")',
      aliases: ['survival_on_ecmo', 'weaned_alive'],
    },
    false,
  ),
  death_at: dateTimeColumn(
    {
      group: 'outcomes',
      description: 'Date-time of death in hospital; required when died_in_hospital is yes',
      aliases: ['death_time', 'date_of_death'],
    },
    false,
  ),
  ecmo_hours: numberColumn(
    { min: 0, max: 24 * 365 },
    { group: 'outcomes', description: 'ECMO duration', unit: 'hours', aliases: ['ecmo_duration_h'] },
    false,
  ),
  icu_days: numberColumn(
    { min: 0, max: 730 },
    { group: 'outcomes', description: 'ICU length of stay', unit: 'days', aliases: ['icu_los'] },
    false,
  ),
  ventilation_hours: numberColumn(
    { min: 0, max: 24 * 730 },
    {
      group: 'outcomes',
      description: 'Mechanical ventilation duration',
      unit: 'hours',
      aliases: ['mv_hours'],
    },
    false,
  ),
  hospital_days: numberColumn(
    { min: 0, max: 730 },
    {
      group: 'outcomes',
      description: 'Hospital length of stay',
      unit: 'days',
      aliases: ['hospital_los', 'los'],
    },
    false,
  ),

  // complications
  ...complicationShape,
});

/** One run as typed values. */
export type RunRow = z.infer<typeof RunRowSchema>;

/** Column names in dictionary (and template) order. */
export const columnNames = Object.keys(RunRowSchema.shape) as (keyof RunRow & string)[];

export type ColumnName = (typeof columnNames)[number];

/** The nine medical-history columns (STUDY.md, "history"), in dictionary order; adjustment covariates use them all. */
export const historyColumns = [
  'hx_cardiac_intervention',
  'hx_myocardial_infarction',
  'hx_hypertension',
  'hx_diabetes',
  'hx_hyperlipidemia',
  'hx_heart_failure',
  'hx_ckd',
  'hx_cirrhosis',
  'hx_smoking',
] as const satisfies readonly ColumnName[];
