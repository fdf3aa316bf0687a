/**
 * The published study the registry's reports reproduce (docs/STUDY.md): its citation and its primary result. The
 * report's Methods and key findings cite it, and the synthetic registry is calibrated to its primary odds ratio.
 */
export const SOURCE_STUDY = {
  citation:
    'Wang K, Wang L, Ma J, et al. Intra-aortic balloon pump after VA-ECMO reduces mortality in patients with ' +
    'cardiogenic shock: an analysis of the Chinese extracorporeal life support registry. Critical Care. 2024. ' +
    'doi:10.1186/s13054-024-05129-1',
  shortName: 'Wang K et al., Critical Care 2024',
  /** Its primary result: the adjusted OR of in-hospital mortality for IABP after ECMO, with its 95% CI. */
  primary: { outcomeId: 'in_hospital_death', oddsRatio: 0.823, ciLower: 0.686, ciUpper: 0.987 },
} as const;
