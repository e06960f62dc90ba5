// Reads a tidy Parquet table with DuckDB (an independent Parquet reader) and prints what the bench compares:
// rows, the sum of the values, and per key the count, first and last step.
// Usage: node check-table.js TABLE.parquet
const duckdb = require('duckdb');
const table = process.argv[2];
const db = new duckdb.Database(':memory:');
const sql = `select count(*)::BIGINT as rows, sum(value) as sum from read_parquet('${table}')`;
db.all(sql, (err, totals) => {
  if (err) { console.error(err.message); process.exit(1); }
  db.all(`select key, count(*)::BIGINT as n, min(step)::BIGINT as first, max(step)::BIGINT as last from read_parquet('${table}') group by key order by key`, (err2, keys) => {
    if (err2) { console.error(err2.message); process.exit(1); }
    console.log(JSON.stringify({ rows: Number(totals[0].rows), sum: totals[0].sum, keys: keys.map(k => [k.key, Number(k.n), Number(k.first), Number(k.last)]) }));
  });
});
