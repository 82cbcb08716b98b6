/**
 * `parkstats <command> …`: looks the command up in the table and runs it. Each command module
 * exports `run(args): Promise<number>` (the exit code) and `usage`; modules load on demand so
 * that `parkstats validate` never pays for the AWS SDK.
 */
interface CommandModule {
  run(args: string[]): Promise<number>;
  usage: string;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  local: {
    summary: '启动本地全套流水线 Run the whole pipeline locally',
    load: () => import('./commands/local.js'),
  },
  validate: {
    summary: '检查一个报表文件 Check one monthly file',
    load: () => import('./commands/validate.js'),
  },
  template: {
    summary: '生成空白报表模板 Write the blank template',
    load: () => import('./commands/template.js'),
  },
  upload: {
    summary: '上传报表并等待回执 Upload and wait for the receipt',
    load: () => import('./commands/upload.js'),
  },
  status: {
    summary: '报送情况与核实提示 Who reported, who is missing',
    load: () => import('./commands/status.js'),
  },
  report: {
    summary: '园区指标报表（可发布）Park indicators; --publish',
    load: () => import('./commands/report.js'),
  },
  presign: {
    summary: '生成企业专用上传链接 Presigned upload for one enterprise',
    load: () => import('./commands/presign.js'),
  },
};

const USAGE = `用法 Usage: parkstats <命令 command> [参数 options]

命令 Commands:
${Object.entries(COMMANDS)
  .map(([name, entry]) => `  ${name.padEnd(9)} ${entry.summary}`)
  .join('\n')}

每个命令的说明 Help for one command: parkstats <command> --help
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return 2;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    process.stderr.write(`未知命令 Unknown command: ${name}\n\n${USAGE}`);
    return 2;
  }
  const command = await entry.load();
  return command.run(args);
}

process.exitCode = await main(process.argv.slice(2));
