// The JSON messages of Hrana v2 over HTTP that the test server understands, as zod schemas
// (shapes from @libsql/hrana-client lib-esm/http/json_encode.js and shared/json_decode.js).
import * as z from 'zod';

export type HranaValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

export type BatchCond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: BatchCond }
  | { type: 'and'; conds: BatchCond[] }
  | { type: 'or'; conds: BatchCond[] }
  | { type: 'is_autocommit' };

const value: z.ZodType<HranaValue> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('null') }),
  z.object({ type: z.literal('integer'), value: z.string().regex(/^-?\d+$/) }),
  z.object({ type: z.literal('float'), value: z.number() }),
  z.object({ type: z.literal('text'), value: z.string() }),
  z.object({ type: z.literal('blob'), base64: z.string() }),
]);

const step = z.number().int().nonnegative();
const batchCond: z.ZodType<BatchCond> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('ok'), step }),
    z.object({ type: z.literal('error'), step }),
    z.object({ type: z.literal('not'), cond: batchCond }),
    z.object({ type: z.literal('and'), conds: z.array(batchCond) }),
    z.object({ type: z.literal('or'), conds: z.array(batchCond) }),
    z.object({ type: z.literal('is_autocommit') }),
  ]),
);

const sqlId = z.number().int();

const stmt = z.object({
  sql: z.string().nullish(),
  sql_id: sqlId.nullish(),
  args: z.array(value).default([]),
  named_args: z.array(z.object({ name: z.string(), value })).default([]),
  want_rows: z.boolean().default(true),
});
export type HranaStmt = z.infer<typeof stmt>;

const batch = z.object({ steps: z.array(z.object({ condition: batchCond.nullish(), stmt })) });
export type HranaBatch = z.infer<typeof batch>;

const streamRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('execute'), stmt }),
  z.object({ type: z.literal('batch'), batch }),
  z.object({ type: z.literal('sequence'), sql: z.string().nullish(), sql_id: sqlId.nullish() }),
  z.object({ type: z.literal('describe'), sql: z.string().nullish(), sql_id: sqlId.nullish() }),
  z.object({ type: z.literal('store_sql'), sql_id: sqlId, sql: z.string() }),
  z.object({ type: z.literal('close_sql'), sql_id: sqlId }),
  z.object({ type: z.literal('get_autocommit') }),
]);
export type StreamRequest = z.infer<typeof streamRequest>;

export const pipelineRequestBody = z.object({
  baton: z.string().nullish(),
  requests: z.array(streamRequest),
});
export type PipelineRequestBody = z.infer<typeof pipelineRequestBody>;

export interface HranaErrorBody {
  message: string;
  code: string;
}

export interface StmtResult {
  cols: Array<{ name: string | null; decltype: string | null }>;
  rows: HranaValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export interface BatchResult {
  step_results: Array<StmtResult | null>;
  step_errors: Array<HranaErrorBody | null>;
}

export type StreamResponse =
  | { type: 'close' | 'sequence' | 'store_sql' | 'close_sql' }
  | { type: 'execute'; result: StmtResult }
  | { type: 'batch'; result: BatchResult }
  | { type: 'get_autocommit'; is_autocommit: boolean };

export type StreamResult =
  | { type: 'ok'; response: StreamResponse }
  | { type: 'error'; error: HranaErrorBody };

/**
 * A failure answered in Hrana's error shape `{ message, code }`; the client raises it as a
 * LibsqlError with `code`.
 */
export class HranaError extends Error {
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }

  get body(): HranaErrorBody {
    return { message: this.message, code: this.code };
  }
}
