import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { formatBeijingTime } from '../../core/report-render/beijing-time.js';
import {
  type BureauTable,
  buildBureauTable,
  rowLabel,
  targetText,
} from '../../core/report-render/bureau-table.js';
import { neutralizeCell, quoteCell } from '../../core/report-render/csv.js';
import { headlineSentence } from '../../core/report-render/headline.js';
import { createTotalsRepository, type TotalsRepository } from '../../functions/adapters/totals-repository.js';
import type { Park } from '../../schemas/park-config.js';
import type { ParkReport } from '../../schemas/report.js';
import { commandRequest, parkAndPeriod, UsageError } from '../args.js';
import { type EnvCommandIo, processEnvIo } from '../io.js';
import { awsClientConfig, type CliEnv, resolveCliEnv } from '../local-env.js';
import { publishReport } from '../publish-report.js';

export const usage = `用法 Usage: parkstats report --park <园区ID> --period <YYYY-MM> [--format table|json|csv] [--publish]

读取园区某统计期的汇总指标 (reads a park's totals for one period).
  --park     园区ID, config/parks.json 中的 id (park id), 例如 shuangpai
  --period   统计期 (period), 例如 2017-11
  --format   table: 中文表格, 亿元, 增速一位小数 (default)
             json:  汇总 JSON, 与 ParkReport 契约一致 (the ParkReport JSON)
             csv:   UTF-8 带 BOM 的指标表, Excel 可直接打开 (indicator rows)
  --publish  向统计局发布: 写入报表桶 reports/<园区>/<统计期>/rev-NNN/ 的四个文件并发送通知;
             数据未变则不发布 (publish the bureau report revision, as the scheduled run does)

未设置 AWS_ENDPOINT_URL_* 或 PARKSTATS_* 环境变量时, 读取本机 parkstats local 的默认地址.
(Without AWS_ENDPOINT_URL_* or PARKSTATS_* variables it reads a running \`parkstats local\`.)`;

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export type ReportIo = EnvCommandIo;

/** `parkstats report`: 0 printed, 1 no totals or the table cannot be read, 2 usage error. */
export async function run(args: string[], io: ReportIo = processEnvIo): Promise<number> {
  const parsed = await commandRequest(args, usage, io, parseRequest);
  if ('exit' in parsed) return parsed.exit;
  const request = parsed.request;
  const { park, period, format } = request;

  const cli = resolveCliEnv(io.env);
  if (request.publish) return publishReport(cli, park, period, io);
  const table = cli.env.PARKSTATS_TOTALS_TABLE ?? '';
  let report: ParkReport | null;
  try {
    report = await totalsRepository(cli, table).get(park.id, period);
  } catch (error) {
    io.err(`${readFailure(error, cli, table)}\n`);
    return 1;
  }
  if (report === null) {
    io.err(
      `没有 ${park.name} (${park.id}) ${period} 的汇总数据: 该期尚无企业数据上报, 或汇总尚未完成.\n` +
        `No totals for ${park.id} ${period}: no facts were uploaded for it yet, or the recompute has not run.\n`,
    );
    return 1;
  }

  if (format === 'json') io.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'csv') io.out(renderCsv(report, park));
  else io.out(renderTable(report, park));
  return 0;
}

function parseRequest(args: string[]): { park: Park; period: string; format: Format; publish: boolean } {
  const { values } = parseArgs({
    args,
    options: {
      park: { type: 'string' },
      period: { type: 'string' },
      format: { type: 'string', default: 'table' },
      publish: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const { park, period } = parkAndPeriod(values);
  const format = FORMATS.find((f) => f === values.format);
  if (format === undefined) {
    throw new UsageError(`未知格式 "${values.format}", 可选 table, json, csv (unknown format)`);
  }
  return { park, period, format, publish: values.publish };
}

function totalsRepository(cli: CliEnv, table: string): TotalsRepository {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig(cli, 'DYNAMODB')));
  return createTotalsRepository(client, table);
}

/** A read that failed, explained without a stack trace: where it looked and what to check. */
function readFailure(error: unknown, cli: CliEnv, table: string): string {
  const where = cli.env.AWS_ENDPOINT_URL_DYNAMODB ?? cli.env.AWS_ENDPOINT_URL ?? 'AWS';
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const hint =
    cli.source === 'local-defaults'
      ? '请先在另一个终端运行 parkstats local, 或设置 parkstats local 打印的环境变量.\n' +
        'Start `parkstats local` in another terminal, or export the variables it prints.'
      : '请检查 AWS_ENDPOINT_URL_DYNAMODB, PARKSTATS_TOTALS_TABLE 与 AWS 凭证.\n' +
        'Check AWS_ENDPOINT_URL_DYNAMODB, PARKSTATS_TOTALS_TABLE and the AWS credentials.';
  return `无法读取汇总表 ${table} (${where}): ${reason}\nCannot read the totals table.\n${hint}`;
}

/** The bureau's model of the period, so the terminal shows the figures exactly as the reports publish them. */
function bureauTable(report: ParkReport, park: Park): BureauTable {
  return buildBureauTable(report, park.name, park.concentration_basis);
}

function renderTable(report: ParkReport, park: Park): string {
  const table = bureauTable(report, park);
  const cells = [
    [...table.headers],
    ...table.rows.map((row) => [
      rowLabel(row),
      row.month ?? '',
      row.ytd ?? '—',
      row.growthPct ?? '',
      targetText(row) ?? '',
      row.completionPct ?? '',
    ]),
  ];
  const { reporting, expected, missing } = report.enterprises;
  const lines = [
    table.title,
    `第 ${report.revision} 版, 计算于 ${formatBeijingTime(report.computed_at)} (北京时间)`,
    '',
    headlineSentence(table),
    '',
    ...alignColumns(cells),
    '',
    expected === null
      ? `填报: 已报 ${reporting} 家 (未上传企业名录, 无法核对缺报)`
      : `填报: 应报 ${expected} 家, 已报 ${reporting} 家, 缺报 ${missing.length} 家${missing.length > 0 ? `: ${missing.join(', ')}` : ''}`,
    ...growthExclusions(report),
    ...table.notes.map((note) => `注: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Which enterprises year-to-date growth left out for lack of a 上年同期 base, per indicator. */
function growthExclusions(report: ParkReport): string[] {
  const names = { output: '总产值', value_added: '增加值', tax_paid: '实缴税金' } as const;
  return (Object.keys(names) as (keyof typeof names)[])
    .filter((key) => report[key].growth_coverage.ytd.excluded.length > 0)
    .map((key) => {
      const excluded = report[key].growth_coverage.ytd.excluded;
      return `${names[key]}同比未计入 ${excluded.length} 家 (无上年同期基数): ${excluded.join(', ')}`;
    });
}

/** Pads columns by display width: a CJK character takes two terminal cells. */
function alignColumns(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, displayWidth(cell))),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell)))
      .join('  ')
      .trimEnd(),
  );
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

/** UTF-8 with BOM and CRLF so Excel on Chinese Windows opens it as it is; one row per indicator. */
function renderCsv(report: ParkReport, park: Park): string {
  const table = bureauTable(report, park);
  const rows = [
    ['园区', '统计期', ...table.headers],
    ...table.rows.map((row) => [
      park.name,
      report.period,
      rowLabel(row),
      row.month ?? '',
      row.ytd ?? '',
      row.growthPct ?? '',
      targetText(row) ?? '',
      row.completionPct ?? '',
    ]),
  ];
  const lines = rows.map((cells) => cells.map((cell) => quoteCell(neutralizeCell(cell))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
