export * from './enterprise-row.js';
export * from './facts.js';
export * from './finding.js';
export * from './money.js';
export * from './park-config.js';
export * from './receipt.js';
export * from './report.js';
export * from './validation-result.js';
