import { Column, getTableName, is, sql, type SQLWrapper } from 'drizzle-orm';

/**
 * A column named with its table (`"invite_links"."org_id"`), for a subquery that refers to the row
 * of the statement around it. drizzle writes a column without its table in the selected fields of a
 * one-table SELECT, where, inside a subquery, a bare `"org_id"` would name the subquery's own
 * column instead (test/robustness/trust-names-across-orgs.test.ts). Anything that is not a column is left as it is.
 */
export const qualified = (value: SQLWrapper): SQLWrapper =>
  is(value, Column)
    ? sql`${sql.identifier(getTableName(value.table))}.${sql.identifier(value.name)}`
    : value;
