import { describe, expect, it } from 'vitest';
import { finding } from '../../../core/ingest/rules.js';
import { buildReceipt, type ReceiptInput } from '../../../core/receipts/build-receipt.js';
import { receiptKeys } from '../../../core/receipts/receipt-keys.js';
import { renderReceiptText } from '../../../core/receipts/render-receipt-text.js';

const input: ReceiptInput = {
  key: 'uploads/shuangpai/_office/2017-11.csv',
  park: 'shuangpai',
  enterprise: '_office',
  kind: 'enterprise-monthly',
  sequencer: '0055AED6DCD90281E5',
  versionId: null,
  accepted: true,
  rows: 12,
  errors: [],
  warnings: [finding('tax.exceeds_value_added', 7, null)],
  encoding: 'gb18030',
  periods: ['2017-11', '2017-10'],
  factsWritten: 11,
  factsSuperseded: 1,
  keptVersion: null,
  processedAt: new Date('2017-12-05T02:03:04.005Z'),
};

describe('receipts', () => {
  it('builds a contract-valid receipt with sorted periods', () => {
    const receipt = buildReceipt(input);

    expect(receipt).toMatchObject({
      periods: ['2017-10', '2017-11'],
      facts_written: 11,
      facts_superseded: 1,
    });
    expect(receipt.processed_at).toBe('2017-12-05T02:03:04.005Z');
  });

  it('renders the Chinese text: verdict, park name, stored counts, Beijing time and each finding', () => {
    const text = renderReceiptText(buildReceipt(input), { encoding: 'gb18030', unit: '万元' });

    expect(text).toContain('已接收 (accepted)');
    expect(text).toContain('双牌工业集中区 (shuangpai)');
    expect(text).toContain('写入 (stored): 11 条');
    expect(text).toContain(': 1 条');
    expect(text).toContain('2017-12-05 10:03:04（北京时间');
    expect(text).toContain('GBK/GB18030');
    expect(text).toContain('第 7 行');
    expect(text).toContain('实缴税金大于工业增加值');
  });

  it('says a rejected file stored nothing and names an unknown park as such', () => {
    const rejected = buildReceipt({
      ...input,
      park: 'nowhere',
      accepted: false,
      errors: [finding('file.no_unit', null, null)],
      warnings: [],
      factsWritten: 0,
      factsSuperseded: 0,
    });

    const text = renderReceiptText(rejected, { encoding: 'utf-8', unit: null });

    expect(text).toContain('已拒收 (rejected)');
    expect(text).toContain('nowhere（未配置');
    expect(text).not.toContain('写入 (stored)');
    expect(text).toContain('文件没有注明金额单位');
    expect(text).toContain('本次上传未入库，没有改动任何数据，园区汇总不变。');
    expect(text).not.toContain('继续有效');
  });

  it('carries the earlier accepted version in the JSON and names its upload time in the text, in Beijing time', () => {
    const rejected = buildReceipt({
      ...input,
      accepted: false,
      errors: [finding('file.no_unit', null, null)],
      keptVersion: {
        sequencer: '0055AED6DCD90281D0',
        versionId: 'v1',
        eventTime: '2017-11-30T16:30:00.000Z',
      },
    });

    const text = renderReceiptText(rejected, { encoding: 'utf-8', unit: null });

    expect(rejected.kept_version).toEqual({
      sequencer: '0055AED6DCD90281D0',
      version_id: 'v1',
      event_time: '2017-11-30T16:30:00.000Z',
    });
    expect(text).toContain(
      '没有改动任何数据，园区汇总不变。此前已接收的同名文件（北京时间 2017-12-01 00:30:00 上传的版本）的数据继续有效。',
    );
  });

  it('says nothing of unchanged data on an accepted receipt', () => {
    const receipt = buildReceipt(input);

    const text = renderReceiptText(receipt, { encoding: 'utf-8', unit: '元' });

    expect(receipt.kept_version).toBeNull();
    expect(text).not.toContain('没有改动任何数据');
  });

  it('puts the receipts next to the upload path under receipts/', () => {
    expect(receiptKeys('uploads/p/_office/a b.csv')).toEqual({
      json: 'receipts/uploads/p/_office/a b.csv.json',
      text: 'receipts/uploads/p/_office/a b.csv.txt',
    });
  });
});
