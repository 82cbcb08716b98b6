import { enterpriseUscc } from './uscc.js';

/** 双牌县 administrative division code (GB/T 2260), the registration authority in every USCC below. */
export const SHUANGPAI_COUNTY_CODE = '431123';

/**
 * How an enterprise sends its monthly figures:
 * - `gbk-wan`: its own file saved by Excel on Chinese Windows: GBK, CRLF, 万元, quoted thousands separators;
 * - `utf8-qian`: its own file from a finance system: UTF-8 with BOM, 千元, full-width brackets;
 * - `office`: reported through the park office's consolidated monthly file.
 */
export type Channel = 'gbk-wan' | 'utf8-qian' | 'office';

/**
 * Where the enterprise stands in statistics, which decides its same-caliber base:
 * - `existing`: 规上 in 2016 too; the base is its stored 2016 fact (or the 上年同期 it reports);
 * - `new-in-stats`: entered statistics in 2017 (新增入统) as an existing business; reports its own 上年同期;
 * - `new-plant`: a plant that did not produce last year; reports 上年同期 = 0 (counts in growth);
 * - `restructured`: no comparable prior-year figure; leaves 上年同期 blank (left out of growth);
 * - `below-scale`: 规下, reports but is outside the 规上 totals;
 * - `under-construction`: in the register, files zero reports until it produces.
 */
export type Standing =
  | 'existing'
  | 'new-in-stats'
  | 'new-plant'
  | 'restructured'
  | 'below-scale'
  | 'under-construction';

export interface EnterpriseSpec {
  /** Short ASCII id for the generator's random streams. */
  id: string;
  name: string;
  /** The 8-character organization-code body; both check characters are derived. */
  orgBody: string;
  /** GB/T 4754-2017 industry code. */
  industry: string;
  aboveScale: boolean;
  standing: Standing;
  channel: Channel;
  /** Jan–Nov 2017 output, 亿元: a weight the calibration scales to the published totals. */
  output2017: number;
  /** Jan–Nov 2016 output (stored fact or reported 上年同期), 亿元, same role. */
  output2016: number;
  /** Value added / output, before the calibration's common factor for each year. */
  valueAddedRatio: number;
  /** 实缴税金 / output, before the calibration's common factor for each year. */
  taxRate: number;
  /** First month of 2017 with production (new plants, plants starting late). */
  firstMonth: number;
  /** 情况说明 written on every row of the enterprise: the answer to its soft warnings. */
  note: string | null;
}

/**
 * The demo register: enterprises named in the park's 2017 work summary. The figures are
 * invented (the summary publishes only park totals); the calibration in calibration.ts
 * scales them so that the park totals equal the published ones.
 */
export const ENTERPRISE_SPECS: readonly EnterpriseSpec[] = [
  {
    id: 'aochuang',
    name: '湖南傲创科技有限公司',
    orgBody: '33820415',
    industry: 'C3432',
    aboveScale: true,
    standing: 'existing',
    channel: 'gbk-wan',
    output2017: 11.5,
    output2016: 7.2,
    valueAddedRatio: 0.26,
    taxRate: 0.006,
    firstMonth: 1,
    note: '二期厂房及新购起重机、全自动焊机投产，产能扩大',
  },
  {
    id: 'shicheng',
    name: '湖南仕诚科技有限公司',
    orgBody: '33820502',
    industry: 'C3523',
    aboveScale: true,
    standing: 'existing',
    channel: 'gbk-wan',
    output2017: 10.8,
    output2016: 6.9,
    valueAddedRatio: 0.27,
    taxRate: 0.0065,
    firstMonth: 1,
    note: '塑料机械新生产线投产，订单增加',
  },
  {
    id: 'jinrui',
    name: '湖南金蕊实业有限公司',
    orgBody: '33820617',
    industry: 'C2730',
    aboveScale: true,
    standing: 'existing',
    channel: 'gbk-wan',
    output2017: 6.2,
    output2016: 4.9,
    valueAddedRatio: 0.32,
    taxRate: 0.007,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'huamao',
    name: '湖南华茂生物科技有限公司',
    orgBody: '33820728',
    industry: 'C2761',
    aboveScale: true,
    standing: 'existing',
    channel: 'utf8-qian',
    output2017: 5.0,
    output2016: 3.6,
    valueAddedRatio: 0.3,
    taxRate: 0.0062,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'huachangyuan',
    name: '双牌县华长源波形护栏有限公司',
    orgBody: '33820833',
    industry: 'C3311',
    aboveScale: true,
    standing: 'existing',
    channel: 'utf8-qian',
    output2017: 4.6,
    output2016: 2.9,
    valueAddedRatio: 0.23,
    taxRate: 0.005,
    firstMonth: 1,
    note: '高速公路波形护栏订单大幅增加',
  },
  {
    id: 'nanling',
    name: '湖南南岭民用爆破器材股份有限公司双牌分公司',
    orgBody: '33820940',
    industry: 'C2671',
    aboveScale: true,
    standing: 'existing',
    channel: 'office',
    output2017: 3.2,
    output2016: 2.9,
    valueAddedRatio: 0.34,
    taxRate: 0.011,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'lefudi',
    name: '湖南乐福地医药包材科技有限公司',
    orgBody: 'MA4L2M71',
    industry: 'C2780',
    aboveScale: true,
    standing: 'new-plant',
    channel: 'utf8-qian',
    output2017: 1.62,
    output2016: 0,
    valueAddedRatio: 0.27,
    taxRate: 0.003,
    firstMonth: 4,
    note: '新建工厂2017年4月投产，上年同期为0',
  },
  {
    id: 'hongxiang',
    name: '双牌县鸿翔木业有限公司',
    orgBody: '07712345',
    industry: 'C2021',
    aboveScale: true,
    standing: 'new-in-stats',
    channel: 'office',
    output2017: 2.4,
    output2016: 1.9,
    valueAddedRatio: 0.26,
    taxRate: 0.0045,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'chengxiang',
    name: '双牌县成祥木业有限公司',
    orgBody: '07712461',
    industry: 'C2034',
    aboveScale: true,
    standing: 'new-in-stats',
    channel: 'office',
    output2017: 1.8,
    output2016: 1.5,
    valueAddedRatio: 0.25,
    taxRate: 0.004,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'yongkang',
    name: '双牌县永康米业有限公司',
    orgBody: '07712577',
    industry: 'C1311',
    aboveScale: true,
    standing: 'new-in-stats',
    channel: 'office',
    output2017: 1.5,
    output2016: 1.3,
    valueAddedRatio: 0.22,
    taxRate: 0.003,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'wanshan',
    name: '双牌县万山农业开发有限公司',
    orgBody: '07712683',
    industry: 'C1371',
    aboveScale: true,
    standing: 'new-in-stats',
    channel: 'office',
    output2017: 1.6,
    output2016: 1.35,
    valueAddedRatio: 0.24,
    taxRate: 0.003,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'shuiwu',
    name: '双牌县水务建设投资有限公司',
    orgBody: 'MA4L1Q05',
    industry: 'D4610',
    aboveScale: true,
    standing: 'restructured',
    channel: 'office',
    output2017: 0.38,
    output2016: 0,
    valueAddedRatio: 0.42,
    taxRate: 0.006,
    firstMonth: 1,
    note: '2017年由县自来水厂改制新设，上年同期无可比口径数据',
  },
  {
    id: 'herun',
    name: '双牌县和润山泉水有限公司',
    orgBody: 'MA4L0K38',
    industry: 'C1522',
    aboveScale: false,
    standing: 'below-scale',
    channel: 'office',
    output2017: 0.16,
    output2016: 0.14,
    valueAddedRatio: 0.3,
    taxRate: 0.005,
    firstMonth: 1,
    note: null,
  },
  {
    id: 'mizhu',
    name: '湖南米珠实业有限公司',
    orgBody: 'MA4L3B62',
    industry: 'C1431',
    aboveScale: false,
    standing: 'below-scale',
    channel: 'office',
    output2017: 0.05,
    output2016: 0,
    valueAddedRatio: 0.25,
    taxRate: 0.002,
    firstMonth: 9,
    note: '生产设备2017年8月安装调试完成，9月投产',
  },
  {
    id: 'longsheng',
    name: '双牌县隆盛林化有限公司',
    orgBody: 'MA4L3C47',
    industry: 'C2663',
    aboveScale: false,
    standing: 'under-construction',
    channel: 'office',
    output2017: 0,
    output2016: 0,
    valueAddedRatio: 0,
    taxRate: 0,
    firstMonth: 13,
    note: '设备安装调试中，即将投产',
  },
  {
    id: 'depurui',
    name: '湖南德普瑞生物科技有限公司',
    orgBody: 'MA4L3D91',
    industry: 'C2730',
    aboveScale: false,
    standing: 'under-construction',
    channel: 'office',
    output2017: 0,
    output2016: 0,
    valueAddedRatio: 0,
    taxRate: 0,
    firstMonth: 13,
    note: '虎杖提取项目在建，尚未投产',
  },
  {
    id: 'shunhuangfeng',
    name: '双牌县舜皇峰木业有限公司',
    orgBody: 'MA4L3E26',
    industry: 'C2021',
    aboveScale: false,
    standing: 'under-construction',
    channel: 'office',
    output2017: 0,
    output2016: 0,
    valueAddedRatio: 0,
    taxRate: 0,
    firstMonth: 13,
    note: '项目场地平整中，尚未投产',
  },
  {
    id: 'hongda',
    name: '双牌县宏达页岩环保建材有限公司',
    orgBody: 'MA4L3F84',
    industry: 'C3031',
    aboveScale: false,
    standing: 'under-construction',
    channel: 'office',
    output2017: 0,
    output2016: 0,
    valueAddedRatio: 0,
    taxRate: 0,
    firstMonth: 13,
    note: '项目场地平整中，尚未投产',
  },
  {
    id: 'sanyuan',
    name: '双牌县三元竹木制品有限公司',
    orgBody: 'MA4L3G53',
    industry: 'C2041',
    aboveScale: false,
    standing: 'under-construction',
    channel: 'office',
    output2017: 0,
    output2016: 0,
    valueAddedRatio: 0,
    taxRate: 0,
    firstMonth: 13,
    note: '项目场地平整中，尚未投产',
  },
];

export interface DemoEnterprise extends EnterpriseSpec {
  uscc: string;
}

export const DEMO_ENTERPRISES: readonly DemoEnterprise[] = ENTERPRISE_SPECS.map((spec) => ({
  ...spec,
  uscc: enterpriseUscc(SHUANGPAI_COUNTY_CODE, spec.orgBody),
}));
