/**
 * The source study's complication categories (STUDY.md): each category is "any of" its component columns.
 */
export const complicationCategories = {
  mechanical: [
    'comp_oxygenator_failure',
    'comp_tubing_rupture',
    'comp_joint_cracking',
    'comp_heat_exchanger_malfunction',
    'comp_cannulation_problem',
    'comp_circuit_thrombosis',
  ],
  bleeding: [
    'comp_gi_bleeding',
    'comp_cannulation_site_bleeding',
    'comp_surgical_site_bleeding',
    'comp_hemolysis',
    'comp_dic',
  ],
  neurological: ['comp_cerebral_hemorrhage', 'comp_cerebral_infarction', 'comp_seizures', 'comp_brain_death'],
  renal: ['comp_creatinine_rise', 'comp_crrt'],
  pulmonary: ['comp_pneumothorax', 'comp_pulmonary_hemorrhage', 'comp_pulmonary_infection'],
  metabolic: ['comp_glucose_low', 'comp_glucose_high', 'comp_ph_low', 'comp_ph_high'],
  limb: [
    'comp_limb_ischemia',
    'comp_limb_necrosis',
    'comp_fasciotomy',
    'comp_amputation',
    'comp_embolectomy',
    'comp_endoluminal_stripping',
  ],
} as const;

export type ComplicationCategory = keyof typeof complicationCategories;
export type ComplicationColumn = (typeof complicationCategories)[ComplicationCategory][number];

export const complicationCategoryNames = Object.keys(complicationCategories) as ComplicationCategory[];

/** Whether a run had any complication of the category; undefined when no component was recorded at all. */
export function hasComplication(
  row: Partial<Record<ComplicationColumn, boolean | undefined>>,
  category: ComplicationCategory,
): boolean | undefined {
  let anyRecorded = false;
  for (const column of complicationCategories[category]) {
    const value = row[column];
    if (value === true) return true;
    if (value === false) anyRecorded = true;
  }
  return anyRecorded ? false : undefined;
}
