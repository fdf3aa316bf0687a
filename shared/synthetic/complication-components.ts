/**
 * Expands a complication category drawn as yes/no into its component columns (STUDY.md, "Complication
 * categories"): a "yes" sets at least one component, sometimes two; a "no" sets every component to no.
 */
import {
  complicationCategories,
  type ComplicationCategory,
  type ComplicationColumn,
} from '../dictionary/index.js';
import type { Random } from '../random/seeded-random.js';

/** Relative frequency of each component within its category (ours). */
const COMPONENT_WEIGHTS: Record<ComplicationColumn, number> = {
  comp_oxygenator_failure: 3,
  comp_tubing_rupture: 0.5,
  comp_joint_cracking: 0.5,
  comp_heat_exchanger_malfunction: 0.5,
  comp_cannulation_problem: 2,
  comp_circuit_thrombosis: 3,
  comp_gi_bleeding: 2,
  comp_cannulation_site_bleeding: 4,
  comp_surgical_site_bleeding: 2,
  comp_hemolysis: 2,
  comp_dic: 1,
  comp_cerebral_hemorrhage: 2,
  comp_cerebral_infarction: 3,
  comp_seizures: 1.5,
  comp_brain_death: 1,
  comp_creatinine_rise: 3,
  comp_crrt: 2,
  comp_pneumothorax: 0.5,
  comp_pulmonary_hemorrhage: 1,
  comp_pulmonary_infection: 5,
  comp_glucose_low: 0.5,
  comp_glucose_high: 3,
  comp_ph_low: 3,
  comp_ph_high: 0.5,
  comp_limb_ischemia: 5,
  comp_limb_necrosis: 0.7,
  comp_fasciotomy: 1,
  comp_amputation: 0.3,
  comp_embolectomy: 1,
  comp_endoluminal_stripping: 0.3,
};

/** Probability that a "yes" category has a second component. */
const SECOND_COMPONENT = 0.25;

function pick(random: Random, options: readonly ComplicationColumn[]): ComplicationColumn {
  const total = options.reduce((s, c) => s + COMPONENT_WEIGHTS[c], 0);
  let u = random.next() * total;
  for (const column of options) {
    u -= COMPONENT_WEIGHTS[column];
    if (u < 0) return column;
  }
  return options[options.length - 1]!;
}

/**
 * Component values for one category.
 *
 * @param present whether the patient had any complication of the category
 * @param died brain death is only chosen for a patient who died in hospital
 * @example expandComplication(random, 'renal', true, false) // { comp_creatinine_rise: true, comp_crrt: false }
 */
export function expandComplication(
  random: Random,
  category: ComplicationCategory,
  present: boolean,
  died: boolean,
): Partial<Record<ComplicationColumn, boolean>> {
  const all = complicationCategories[category] as readonly ComplicationColumn[];
  const options = died ? all : all.filter((c) => c !== 'comp_brain_death');
  const chosen = new Set<ComplicationColumn>();
  if (present) {
    chosen.add(pick(random, options));
    if (random.bernoulli(SECOND_COMPONENT)) chosen.add(pick(random, options));
  }
  return Object.fromEntries(all.map((c) => [c, chosen.has(c)]));
}
