import { usccCheckChar } from '../../core/ingest/uscc.js';

/**
 * Deterministic 统一社会信用代码 for the demo enterprises. A USCC is
 * 登记管理部门 (1) + 机构类别 (1) + 登记管理机关行政区划码 (6) + 组织机构代码 (9, GB 11714
 * with its own check character) + check character (GB 32100-2015, core/ingest/uscc.ts).
 * Both check characters are right, as on a real business licence.
 */

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714-1997: digits 0-9, letters A-Z as 10-35; check = 11 − Σ mod 11, 10 → X, 11 → 0. */
export function orgCodeCheckChar(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new Error(`organization code body must be 8 of 0-9A-Z: ${body}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body.charAt(i), 36) * (ORG_WEIGHTS[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** 9 (市场监管/工商) 1 (企业) + the county's division code + the organization code + the check character. */
export function enterpriseUscc(countyCode: string, orgBody: string): string {
  const first17 = `91${countyCode}${orgBody}${orgCodeCheckChar(orgBody)}`;
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`not a USCC body: ${first17}`);
  return `${first17}${check}`;
}
