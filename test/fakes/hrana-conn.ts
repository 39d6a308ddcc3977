// One Hrana stream's SQL connection: a `libsql` (better-sqlite3-like) connection on the database
// file, with the stream's stored SQL texts, Hrana's value encoding and batch step conditions.
import Database from 'libsql';
import {
  HranaError,
  type BatchCond,
  type BatchResult,
  type HranaBatch,
  type HranaErrorBody,
  type HranaStmt,
  type HranaValue,
  type StmtResult,
} from './hrana-proto';

type SqlValue = bigint | number | string | Buffer | null;
type Statement = Database.Statement;

/** How long a statement keeps retrying while another stream's transaction holds the write lock. */
const BUSY_TIMEOUT_MS = 5000;

export function decodeValue(value: HranaValue): SqlValue {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(value.value);
    case 'float':
      return value.value;
    case 'text':
      return value.value;
    case 'blob':
      return Buffer.from(value.base64, 'base64');
  }
}

export function encodeValue(value: unknown): HranaValue {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array)
    return { type: 'blob', base64: Buffer.from(value).toString('base64') };
  throw new HranaError(`cannot encode a value of type ${typeof value}`, 'INTERNAL');
}

/**
 * sqld's answer for SQLite errors: the primary code (`SQLITE_CONSTRAINT`) and "SQLite error: …".
 */
export function toHranaError(error: unknown): HranaError {
  if (error instanceof HranaError) return error;
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_OK')
    return new HranaError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
  if (code.startsWith('SQLITE_'))
    return new HranaError(`SQLite error: ${message}`, code.split('_').slice(0, 2).join('_'));
  return new HranaError(message, 'SQL_INPUT_ERROR');
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
}

/** SQL without string literals, quoted identifiers and comments, to look for `?` parameters. */
function withoutLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

/**
 * The arguments for libsql's `run`/`all`: nothing, one positional array, or one object of named
 * values.
 */
function bindings(sql: string, stmt: HranaStmt): unknown[] {
  const positional = stmt.args.map(decodeValue);
  if (stmt.named_args.length === 0) return positional.length > 0 ? [positional] : [];
  // libsql aborts the process when an object is bound to a statement with anonymous `?` parameters.
  if (/\?(?!\d)/.test(withoutLiterals(sql))) {
    throw new HranaError(
      'named arguments together with anonymous `?` parameters are not supported here',
      'SQL_INPUT_ERROR',
    );
  }
  const named: Record<string, SqlValue> = {};
  for (const [i, v] of positional.entries()) named[String(i + 1)] = v;
  for (const { name, value } of stmt.named_args)
    named[name.replace(/^[:@$]/, '')] = decodeValue(value);
  return [named];
}

export class SqlConnection {
  readonly #db: Database.Database;
  readonly #sqls = new Map<number, string>();
  readonly #totalChanges: Statement;
  readonly #changes: Statement;
  readonly #lastInsertRowid: Statement;
  /**
   * Set when a statement gave up on SQLITE_BUSY and may still count as "in progress": never reuse
   * the connection.
   */
  #tainted = false;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.defaultSafeIntegers(true);
    this.#totalChanges = this.#db.prepare('SELECT total_changes()').raw(true);
    this.#changes = this.#db.prepare('SELECT changes()').raw(true);
    this.#lastInsertRowid = this.#db.prepare('SELECT last_insert_rowid()').raw(true);
  }

  get autocommit(): boolean {
    return !this.#db.inTransaction;
  }

  storeSql(id: number, sql: string): void {
    if (this.#sqls.has(id))
      throw new HranaError(`SQL text ${id} is already stored`, 'SQL_STORE_CONFLICT');
    this.#sqls.set(id, sql);
  }

  closeSql(id: number): void {
    this.#sqls.delete(id);
  }

  sqlOf(source: { sql?: string | null; sql_id?: number | null }): string {
    if (typeof source.sql === 'string' && source.sql_id == null) return source.sql;
    if (source.sql_id != null && source.sql == null) {
      const sql = this.#sqls.get(source.sql_id);
      if (sql === undefined)
        throw new HranaError(`SQL text ${source.sql_id} was not found`, 'SQL_NOT_FOUND');
      return sql;
    }
    throw new HranaError('a statement needs exactly one of `sql` and `sql_id`', 'PROTO_ERROR');
  }

  /**
   * Runs one statement, waiting (without blocking the event loop) while another stream holds the
   * write lock.
   */
  async execute(stmt: HranaStmt): Promise<StmtResult> {
    let prepared: Statement;
    let args: unknown[];
    try {
      const sql = this.sqlOf(stmt);
      args = bindings(sql, stmt);
      prepared = this.#db.prepare(sql);
    } catch (error) {
      throw toHranaError(error);
    }
    // libsql leaves a statement that failed with SQLITE_BUSY "in progress" (COMMIT then fails)
    // until it is run again, so the retries reuse the same prepared statement.
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      try {
        return this.#run(prepared, args, stmt.want_rows);
      } catch (error) {
        if (!isBusy(error)) throw toHranaError(error);
        if (Date.now() > deadline) {
          this.#tainted = true;
          throw toHranaError(error);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  #run(prepared: Statement, args: unknown[], wantRows: boolean): StmtResult {
    const before = this.#scalar(this.#totalChanges);
    let cols: StmtResult['cols'] = [];
    let rows: unknown[][] = [];
    if (prepared.reader) {
      cols = prepared.columns().map((col) => ({ name: col.name, decltype: col.type }));
      rows = prepared.raw(true).all(...args) as unknown[][];
    } else {
      prepared.run(...args);
    }
    const changed = this.#scalar(this.#totalChanges) !== before;
    return {
      cols,
      rows: wantRows ? rows.map((row) => row.map(encodeValue)) : [],
      affected_row_count: changed ? Number(this.#scalar(this.#changes)) : 0,
      last_insert_rowid: String(this.#scalar(this.#lastInsertRowid)),
    };
  }

  #scalar(statement: Statement): unknown {
    return (statement.get() as unknown[])[0];
  }

  /** Runs the steps in order; a step whose condition is false is skipped (no result, no error). */
  async batch(batch: HranaBatch): Promise<BatchResult> {
    const result: BatchResult = { step_results: [], step_errors: [] };
    for (const [index, step] of batch.steps.entries()) {
      let stepResult: StmtResult | null = null;
      let stepError: HranaErrorBody | null = null;
      if (!step.condition || this.#holds(step.condition, index, result)) {
        try {
          stepResult = await this.execute(step.stmt);
        } catch (error) {
          stepError = toHranaError(error).body;
        }
      }
      result.step_results.push(stepResult);
      result.step_errors.push(stepError);
    }
    return result;
  }

  #holds(cond: BatchCond, index: number, done: BatchResult): boolean {
    switch (cond.type) {
      case 'ok':
      case 'error': {
        if (cond.step >= index)
          throw new HranaError(`step ${index} refers to a later step ${cond.step}`, 'PROTO_ERROR');
        return cond.type === 'ok'
          ? done.step_results[cond.step] != null
          : done.step_errors[cond.step] != null;
      }
      case 'not':
        return !this.#holds(cond.cond, index, done);
      case 'and':
        return cond.conds.every((c) => this.#holds(c, index, done));
      case 'or':
        return cond.conds.some((c) => this.#holds(c, index, done));
      case 'is_autocommit':
        return this.autocommit;
    }
  }

  /**
   * Runs several statements separated by semicolons, without results (no busy retry: it could
   * repeat statements).
   */
  sequence(sql: string): void {
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw toHranaError(error);
    }
  }

  /**
   * Makes the connection reusable for another stream: rolls back an open transaction, forgets
   * stored SQL.
   */
  reset(): boolean {
    if (this.#tainted) return false;
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    this.#sqls.clear();
    return true;
  }

  close(): void {
    this.#db.close();
  }
}
