// Reads a tidy Parquet table with DuckDB (an independent Parquet reader) and prints what the bench compares:
// rows, the sum of the values, and per key the count, first and last step.
// Usage: node check-table.js TABLE.parquet
const { DuckDBInstance } = require('@duckdb/node-api');

async function main(table) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const source = `read_parquet('${table.replaceAll("'", "''")}')`;
  const totals = (await connection.runAndReadAll(`select count(*)::BIGINT, sum(value)::DOUBLE from ${source}`)).getRows()[0];
  const keys = (await connection.runAndReadAll(
    `select key, count(*)::BIGINT, min(step)::BIGINT, max(step)::BIGINT from ${source} group by key order by key`)).getRows();
  console.log(JSON.stringify({
    rows: Number(totals[0]),
    sum: totals[1],
    keys: keys.map(k => [k[0], Number(k[1]), Number(k[2]), Number(k[3])]),
  }));
}

main(process.argv[2]).catch(error => { console.error(error.message); process.exit(1); });
