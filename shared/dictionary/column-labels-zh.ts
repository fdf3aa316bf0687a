/**
 * The data dictionary in Simplified Chinese: a label and a description for every column, and a label for every
 * code of every coded column. CSECLS data managers export from Chinese hospital systems, whose header rows carry
 * Chinese field names, so each label is also an accepted header spelling (see describe-columns.ts). The records
 * are keyed by the schema's own column names and codes, so the compiler rejects a column or a code without a
 * Chinese entry.
 */
import type { ColumnName, RunRow } from './run-row-schema.js';

/** A column's Chinese wording. */
export interface ChineseColumnText {
  /** The Chinese header a hospital export would use; accepted as a header spelling. */
  label: string;
  description: string;
  /** The unit as written in Chinese, when it differs from the dictionary's unit (e.g. 小时 for hours). */
  unit?: string;
  /** Further Chinese header spellings accepted for the column. */
  aliases?: readonly string[];
}

/** Columns whose values are codes from a closed list (the schema's enums). */
export type CodedColumnName = {
  [K in ColumnName]-?: string extends NonNullable<RunRow[K]>
    ? never
    : NonNullable<RunRow[K]> extends string
      ? K
      : never;
}[ColumnName];

/** The codes one coded column allows. */
export type CodeOf<K extends CodedColumnName> = NonNullable<RunRow[K]> & string;

const complication = (label: string, description: string, category: string): ChineseColumnText => ({
  label,
  description: `${description}；属${category}并发症`,
});

/** Chinese label and description of every column, in dictionary order. */
export const columnTextZh: Readonly<Record<ColumnName, ChineseColumnText>> = {
  // identity
  center_id: {
    label: '中心编号',
    description: '登记中心编号；必须是上传数据的中心',
    aliases: ['中心代码'],
  },
  run_id: {
    label: '病例编号',
    description: '化名的ECMO病例编号，在本中心内唯一（不得使用姓名、病历号或身份证号）',
    aliases: ['ECMO编号'],
  },
  birth_year: {
    label: '出生年份',
    description: '出生年份（年龄与出生年份至少填写一项）',
    unit: '年',
    aliases: ['出生年'],
  },

  // demographics
  age_years: {
    label: '年龄',
    description: 'ECMO开始时的年龄（年龄与出生年份至少填写一项）',
    unit: '岁',
  },
  sex: { label: '性别', description: '性别' },
  height_cm: { label: '身高', description: '身高' },
  weight_kg: { label: '体重', description: '体重' },
  bmi: { label: '体重指数 (BMI)', description: '体重指数；留空时由身高和体重计算', aliases: ['体重指数'] },
  pregnant: { label: '妊娠', description: 'ECMO开始时处于妊娠期', aliases: ['是否妊娠'] },

  // timing
  admission_at: { label: '入院时间', description: '本次入院时间' },
  ecmo_start_at: { label: 'ECMO开始时间', description: 'ECMO开始时间（开始转流）', aliases: ['上机时间'] },
  ecmo_end_at: {
    label: 'ECMO结束时间',
    description: 'ECMO结束时间（撤机拔管，或ECMO辅助期间死亡）；仍在ECMO辅助中时留空',
    aliases: ['撤机时间'],
  },
  discharge_at: {
    label: '出院时间',
    description: '出院时间，或院内死亡时间；患者仍在院时留空（病例“进行中”）',
  },
  iabp: {
    label: '主动脉内球囊反搏 (IABP)',
    description: '本次住院期间使用了主动脉内球囊反搏（IABP）',
    aliases: ['主动脉内球囊反搏', '使用IABP'],
  },
  iabp_start_at: {
    label: 'IABP开始时间',
    description: 'IABP开始时间；使用IABP时必填，以判断IABP在ECMO之前还是之后开始',
  },

  // ECMO
  indication: { label: 'ECMO指征', description: 'ECMO的主要指征' },
  ecmo_mode: { label: 'ECMO模式', description: 'ECMO开始时的模式' },
  mode_conversion: { label: '模式转换', description: 'ECMO运行期间转换了模式', aliases: ['ECMO模式转换'] },
  cannulation: { label: '插管方式', description: '插管策略' },
  lv_unloading: {
    label: '左心减压',
    description: 'IABP以外的左心室减压（左心卸负荷）方式',
    aliases: ['左心室减压'],
  },
  diagnosis: { label: 'ECMO前诊断', description: 'ECMO前的主要诊断' },

  // history
  hx_cardiac_intervention: {
    label: '既往心脏介入或手术史',
    description: '既往心脏介入治疗（PCI）或心脏手术史',
  },
  hx_myocardial_infarction: { label: '既往心肌梗死', description: '既往心肌梗死病史' },
  hx_hypertension: { label: '高血压', description: '高血压病史' },
  hx_diabetes: { label: '糖尿病', description: '糖尿病病史' },
  hx_hyperlipidemia: { label: '高脂血症', description: '高脂血症病史' },
  hx_heart_failure: { label: '慢性心力衰竭', description: '慢性心力衰竭病史' },
  hx_ckd: { label: '慢性肾脏病', description: '慢性肾脏病病史' },
  hx_cirrhosis: { label: '肝硬化', description: '肝硬化病史' },
  hx_smoking: { label: '吸烟史', description: '目前或既往吸烟' },

  // pre-ECMO state
  pre_cardiac_arrest: { label: 'ECMO前心脏骤停', description: 'ECMO前发生心脏骤停' },
  pre_vasopressor_count: {
    label: 'ECMO前血管活性药物种类数',
    description: 'ECMO前使用的血管活性药物（升压药、正性肌力药）种类数',
    unit: '种',
  },
  pre_mechanical_ventilation: { label: 'ECMO前机械通气', description: 'ECMO前已行机械通气' },
  pre_sbp_mmhg: { label: 'ECMO前收缩压', description: 'ECMO前收缩压' },
  pre_dbp_mmhg: { label: 'ECMO前舒张压', description: 'ECMO前舒张压' },
  pre_map_mmhg: { label: 'ECMO前平均动脉压', description: 'ECMO前平均动脉压' },
  pre_ph: { label: 'ECMO前动脉血pH', description: 'ECMO前动脉血pH（缺失时在分析中插补）' },
  pre_paco2_mmhg: {
    label: 'ECMO前动脉血二氧化碳分压 (PaCO2)',
    description: 'ECMO前动脉血二氧化碳分压（缺失时在分析中插补）',
    aliases: ['ECMO前PaCO2'],
  },
  pre_pao2_mmhg: {
    label: 'ECMO前动脉血氧分压 (PaO2)',
    description: 'ECMO前动脉血氧分压（缺失时在分析中插补）',
    aliases: ['ECMO前PaO2'],
  },
  pre_lactate_mmol_l: { label: 'ECMO前乳酸', description: 'ECMO前血乳酸' },

  // during ECMO
  lactate_4h_mmol_l: { label: 'ECMO后4小时乳酸', description: 'ECMO开始后4小时的血乳酸' },
  lactate_24h_mmol_l: { label: 'ECMO后24小时乳酸', description: 'ECMO开始后24小时的血乳酸' },
  vasopressor_change: {
    label: 'ECMO期间血管活性药物变化',
    description: 'ECMO期间血管活性药物种类数的变化',
  },

  // outcomes
  died_in_hospital: { label: '院内死亡', description: '住院期间死亡；病例进行中时留空' },
  survived_ecmo: {
    label: 'ECMO成功撤机',
    description: '成功撤离ECMO且撤机后存活48小时以上（“ECMO期间存活”）',
    aliases: ['成功撤机'],
  },
  death_at: {
    label: '死亡时间',
    description: '院内死亡的日期时间；院内死亡为“是”时必填',
  },
  ecmo_hours: { label: 'ECMO辅助时间', description: 'ECMO持续时间', unit: '小时', aliases: ['ECMO持续时间'] },
  icu_days: { label: 'ICU住院天数', description: 'ICU住院时间', unit: '天' },
  ventilation_hours: { label: '机械通气时间', description: '机械通气持续时间', unit: '小时' },
  hospital_days: { label: '住院天数', description: '总住院时间', unit: '天', aliases: ['总住院天数'] },

  // complications
  comp_oxygenator_failure: complication('氧合器故障', '膜肺（氧合器）故障', '机械'),
  comp_tubing_rupture: complication('管路破裂', '管路破裂', '机械'),
  comp_joint_cracking: complication('管路接头开裂', '管路接头开裂', '机械'),
  comp_heat_exchanger_malfunction: complication('变温器故障', '变温器（热交换器）故障', '机械'),
  comp_cannulation_problem: complication('插管相关问题', '插管相关问题（位置不当、脱管、置管失败）', '机械'),
  comp_circuit_thrombosis: complication('管路血栓', '需要干预的管路血栓', '机械'),
  comp_gi_bleeding: complication('消化道出血', '消化道出血', '出血'),
  comp_cannulation_site_bleeding: complication('插管部位出血', '插管部位出血', '出血'),
  comp_surgical_site_bleeding: complication('手术部位出血', '手术部位出血', '出血'),
  comp_hemolysis: complication('溶血', '溶血（血浆游离血红蛋白 > 50 mg/dL）', '出血'),
  comp_dic: complication('弥散性血管内凝血 (DIC)', '弥散性血管内凝血', '出血'),
  comp_cerebral_hemorrhage: complication('脑出血', '脑出血', '神经系统'),
  comp_cerebral_infarction: complication('脑梗死', '脑梗死', '神经系统'),
  comp_seizures: complication('癫痫发作', '癫痫发作（临床或脑电图证实）', '神经系统'),
  comp_brain_death: complication('脑死亡', '脑死亡', '神经系统'),
  comp_creatinine_rise: complication('肌酐升高', '肌酐升高（急性肾损伤）', '肾脏'),
  comp_crrt: complication('连续性肾脏替代治疗 (CRRT)', '连续性肾脏替代治疗', '肾脏'),
  comp_pneumothorax: complication('气胸', '气胸', '肺部'),
  comp_pulmonary_hemorrhage: complication('肺出血', '肺出血', '肺部'),
  comp_pulmonary_infection: complication('肺部感染', '肺部感染', '肺部'),
  comp_glucose_low: complication('低血糖', '血糖 < 40 mg/dL', '代谢'),
  comp_glucose_high: complication('高血糖', '血糖 > 240 mg/dL', '代谢'),
  comp_ph_low: complication('动脉血pH < 7.2', 'ECMO期间动脉血pH < 7.2', '代谢'),
  comp_ph_high: complication('动脉血pH > 7.6', 'ECMO期间动脉血pH > 7.6', '代谢'),
  comp_limb_ischemia: complication('远端肢体缺血', '远端肢体缺血', '肢体'),
  comp_limb_necrosis: complication('肢体坏死', '肢体坏死', '肢体'),
  comp_fasciotomy: complication('筋膜切开术', '筋膜切开减压术', '肢体'),
  comp_amputation: complication('截肢', '截肢', '肢体'),
  comp_embolectomy: complication('取栓术', '取栓术', '肢体'),
  comp_endoluminal_stripping: complication('血管腔内剥脱术', '血管腔内剥脱术', '肢体'),
};

/** Chinese label of every code of every coded column. */
export const valueLabelsZh: { readonly [K in CodedColumnName]: Readonly<Record<CodeOf<K>, string>> } = {
  sex: { male: '男', female: '女' },
  indication: { cardiogenic_shock: '心源性休克', respiratory_failure: '呼吸衰竭', other: '其他' },
  ecmo_mode: {
    VA: '静脉-动脉体外膜肺氧合',
    VV: '静脉-静脉体外膜肺氧合',
    VAV: '静脉-动脉-静脉体外膜肺氧合',
    VVA: '静脉-静脉-动脉体外膜肺氧合',
    other: '其他',
  },
  cannulation: { peripheral: '外周插管', central: '中心插管' },
  lv_unloading: {
    none: '无',
    impella: 'Impella经皮心室辅助装置',
    atrial_septostomy: '房间隔造口术',
    surgical_lv_vent: '外科左心引流',
    other: '其他',
  },
  diagnosis: {
    myocarditis: '心肌炎',
    pcs: '心脏术后心源性休克',
    ami: '急性心肌梗死',
    chronic_hf: '慢性心力衰竭',
    sepsis: '脓毒症',
    other: '其他',
  },
  vasopressor_change: { fewer: '减少', same: '不变', more: '增加' },
};

/**
 * Chinese wording of each cross-field rule, by rule id. Keyed by string because rule ids are plain strings; a
 * test checks that every rule of `crossFieldRules` has one.
 */
export const crossFieldRuleDescriptionsZh: Readonly<Record<string, string>> = {
  'age-or-birth-year': '已填写年龄或出生年份',
  'age-matches-birth-year': '年龄与出生年份及ECMO开始年份相符（误差±1年）',
  'bmi-or-height-weight': '已填写BMI，或身高和体重（BMI是校正变量）',
  'bmi-matches-height-weight': 'BMI与 体重 / 身高² 相符（误差在1 kg/m²以内）',
  'pregnancy-requires-female': '妊娠仅适用于女性患者',
  'ecmo-end-after-start': 'ECMO结束时间不早于ECMO开始时间',
  'discharge-after-admission': '出院（或死亡）时间不早于入院时间',
  'ecmo-within-admission': 'ECMO的开始和结束均在本次住院期间内',
  'completed-run-has-ecmo-end': '已出院的病例填写了ECMO结束时间',
  'completed-run-has-outcome': '已出院的病例注明是否院内死亡',
  'death-ends-admission': '院内死亡病例的死亡时间填写在 discharge_at（出院时间）中',
  'death-time-matches-flag': '当且仅当 died_in_hospital（院内死亡）为“是”时填写 death_at（死亡时间）',
  'death-time-is-discharge-time': '院内死亡病例的 death_at 与 discharge_at 相差不超过24小时',
  'death-consistent-with-survival-on-ecmo':
    'survived_ecmo（ECMO成功撤机）与院内死亡及死亡时间相符（撤机后48小时）',
  'ecmo-hours-match-times': 'ecmo_hours 与 ECMO结束时间 − 开始时间 相符（误差在2小时或5%以内）',
  'hospital-days-match-times': 'hospital_days 与 出院时间 − 入院时间 相符（误差在1天以内）',
  'icu-days-within-stay': 'ICU住院天数不超过总住院天数',
  'ventilation-within-stay': '机械通气时间不超过住院时间',
  'iabp-start-given': '当且仅当 iabp 为“是”时填写 iabp_start_at（以判断IABP在ECMO之前或之后）',
  'iabp-start-not-ecmo-start': 'IABP开始时间与ECMO开始时间不同，以便确定先后顺序',
  'iabp-start-before-discharge': 'IABP开始时间早于出院或死亡时间',
  'blood-pressure-order': '舒张压不高于收缩压',
  'map-between-dbp-and-sbp': '平均动脉压介于舒张压与收缩压之间',
  'lactate-plausible': '乳酸高于30 mmol/L时请核对单位',
};
