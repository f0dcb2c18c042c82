const { Client } = require('pg');
const q = require('./dist-test/src/search/search-query.js');
const words = ['起動しない','カーネル','脆弱性','スケジュール','ブルースクリーン','ロールバック','名前解決','サポート窓口'];
(async () => {
  for (const db of process.argv.slice(2)) {
    const c = new Client({ host: '127.0.0.1', user: 'postgres', database: db }); await c.connect();
    const exprs = words.map((w) => q.tsQuery(q.parseQuery(w).terms, true));
    const run = async (n) => { const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) for (const e of exprs) await c.query({ name: 'c', text: 'select count(*) as n from (select 1 from search_fts where tsv @@ $1::tsquery limit $2) x', values: [e, 1001] }); return Number(process.hrtime.bigint() - t) / 1e6 / (n * exprs.length); };
    await run(3);
    const p = (await c.query("select pending_pages from pgstatginindex('search_fts_tsv_idx')")).rows[0].pending_pages;
    console.log(db, 'pending pages', p, 'count ms', (await run(20)).toFixed(2), (await run(20)).toFixed(2));
    await c.end();
  }
})();
