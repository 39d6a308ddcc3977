/**
 * Reading an import file's rows: the header names the columns (in any order, any case, with or
 * without spaces, `_` or `-`, and a few common aliases); each row becomes a person or a reason it
 * cannot be one. Values are kept as given (trimmed): a name like `=cmd()` is stored as text and
 * neutralized only where it is written into a spreadsheet (features/members/csv.ts).
 */
import { personNameSchema, ROLES, type Role } from '../../../../shared/api/common';
import { LOCALES, type Locale } from '../../../../shared/i18n';
import {
  birthdaySchema,
  GENDERS,
  IMPORT_COLUMNS,
  type ImportColumn,
  type ImportResponse,
  type ImportRowErrorCode,
} from '../../../../shared/api/members';
import { AppError } from '../../errors';
import { forEachPausing } from '../../lib/pause';
import { readCsv, type CsvRecord } from './csv';
import { checkEmail, outsideDomains, personAllowed } from '../../lib/email';
import { checkPhone } from '../../lib/phone';

const ALIASES: Record<string, ImportColumn> = {
  ...Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c])),
  givenname: 'firstName',
  name: 'firstName',
  surname: 'lastName',
  familyname: 'lastName',
  mail: 'email',
  emailaddress: 'email',
  phonenumber: 'phone',
  mobile: 'phone',
  birthdate: 'birthday',
  dateofbirth: 'birthday',
  organizationunit: 'department',
  orgunit: 'department',
  unit: 'department',
  language: 'locale',
};

export type Columns = Partial<Record<ImportColumn, number>>;

/**
 * A header cell with more letters (spaces, `_` and `-` aside) than the longest name above names no
 * known column: such a cell (a hostile header may hold megabytes of `a b_c-`) is not lower-cased
 * and stripped to find out.
 */
const LONGER_THAN_ANY_NAME = new RegExp(
  `^[\\s_-]*(?:[^\\s_-][\\s_-]*){${Math.max(...Object.keys(ALIASES).map((k) => k.length)) + 1}}`,
);

/**
 * The column of each known field; unknown (and repeated) columns are ignored and named. 422 without
 * a usable header. A hostile header may have millions of columns: it pauses between thousands
 * (lib/pause.ts).
 */
export async function readHeader(
  header: CsvRecord | undefined,
): Promise<{ columns: Columns; ignored: string[] }> {
  const columns: Columns = {};
  const ignored: string[] = [];
  await forEachPausing(header?.fields ?? [], (raw, i) => {
    const key = LONGER_THAN_ANY_NAME.test(raw)
      ? undefined
      : ALIASES[
          raw
            .trim()
            .toLowerCase()
            .replace(/[\s_-]+/g, '')
        ];
    if (key && columns[key] === undefined) columns[key] = i;
    else if (raw.trim()) ignored.push(raw.trim().slice(0, 60));
  });
  const missing = [
    columns.firstName === undefined && 'firstName',
    columns.lastName === undefined && 'lastName',
    columns.email === undefined && columns.phone === undefined && 'email or phone',
  ].filter(Boolean);
  if (missing.length) {
    const known = Object.keys(columns).length > 0;
    const message = known
      ? `The header line lacks the column(s): ${missing.join(', ')}`
      : `The first line must be a header naming the columns, such as ${IMPORT_COLUMNS.join(',')}`;
    throw new AppError('invalid_input', message, {
      header: known ? `missing ${missing.join(', ')}` : 'missing',
    });
  }
  return { columns, ignored };
}

export interface ImportPerson {
  row: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  gender: string | null;
  birthday: string | null;
  position: string | null;
  role: Role;
  departmentId: string | null;
  /** The language of the person's invitations; null: the organization's. */
  locale: Locale | null;
}

export type RowResult =
  | { ok: true; person: ImportPerson }
  | { ok: false; row: number; code: ImportRowErrorCode; message: string };

export interface RowContext {
  departments: Map<string, string>;
  allowedDomains: string[];
  mayAdd: (role: Role) => boolean;
}

/** A row read without the organization's context: the checks that need it are `placeRow`'s. */
export interface RowCandidate extends ImportPerson {
  departmentName: string;
}

type CandidateResult =
  | { ok: true; person: RowCandidate }
  | { ok: false; row: number; code: ImportRowErrorCode; message: string };

/**
 * A row's person, or its first problem that needs nothing of the organization's (names, contact,
 * gender, birthday, role); `placeRow` checks the rest.
 */
export function readRow(record: CsvRecord, columns: Columns): CandidateResult {
  const cell = (c: ImportColumn) =>
    columns[c] === undefined ? '' : (record.fields[columns[c]!] ?? '').trim();
  const bad = (code: ImportRowErrorCode, message: string): CandidateResult => ({
    ok: false,
    row: record.row,
    code,
    message,
  });
  const [firstName, lastName, position] = [cell('firstName'), cell('lastName'), cell('position')];
  if (!firstName || !lastName) return bad('missing_name', 'First and last name are required');
  if (firstName.length > 100 || lastName.length > 100 || position.length > 100)
    return bad('too_long', 'Names and position are at most 100 characters');
  // The rules of a name given through the API (shared/api/common.ts): people read it in messages.
  if (![firstName, lastName].every((n) => personNameSchema.safeParse(n).success))
    return bad(
      'invalid_name',
      'Names must be one line, without control characters or a web address or domain name',
    );
  let email: string | null = null;
  if (cell('email')) {
    const checked = checkEmail(cell('email'));
    if (!checked.ok) return bad('invalid_email', checked.message);
    email = checked.email;
  }
  let phone: string | null = null;
  if (cell('phone')) {
    const checked = checkPhone(cell('phone'));
    if (!checked.ok) return bad(checked.code, checked.message);
    phone = checked.e164;
  }
  if (!email && !phone)
    return bad('missing_contact', 'An e-mail address or a phone number is required');
  const gender = cell('gender').toLowerCase();
  if (gender && !(GENDERS as readonly string[]).includes(gender))
    return bad('invalid_gender', `Gender must be one of ${GENDERS.join(', ')}`);
  const birthday = cell('birthday');
  if (birthday && !birthdaySchema.safeParse(birthday).success)
    return bad('invalid_birthday', 'Birthday must be a date like 1990-04-30');
  const roleText = columns.role === undefined ? '' : (record.fields[columns.role] ?? '');
  const role = (roleText === '' ? 'member' : roleText) as Role;
  if (!(ROLES as readonly string[]).includes(role))
    return bad('invalid_role', `Role must be one of ${ROLES.join(', ')}, written exactly so`);
  // Written as a tag (`ja`, `zh-CN`); empty: the organization's language.
  const localeText = cell('locale');
  const locale = LOCALES.find((l) => l.toLowerCase() === localeText.toLowerCase()) ?? null;
  if (localeText && !locale)
    return bad('invalid_locale', `Locale must be one of ${LOCALES.join(', ')}, or empty`);
  return {
    ok: true,
    person: {
      row: record.row,
      firstName,
      lastName,
      email,
      phone,
      gender: gender || null,
      birthday: birthday || null,
      position: position || null,
      role,
      departmentId: null,
      departmentName: cell('department'),
      locale,
    },
  };
}

/** The checks of a row that need the organization: its e-mail domains, the caller's role, its departments. */
export function placeRow(candidate: RowCandidate, ctx: RowContext): RowResult {
  const { departmentName, ...person } = candidate;
  const bad = (code: ImportRowErrorCode, message: string): RowResult => ({
    ok: false,
    row: person.row,
    code,
    message,
  });
  if (!personAllowed(person.email, ctx.allowedDomains))
    return bad('invalid_email', outsideDomains(person.email, ctx.allowedDomains));
  if (!ctx.mayAdd(person.role)) return bad('forbidden', 'Only an owner can add an owner');
  if (!departmentName) return { ok: true, person };
  const departmentId =
    ctx.departments.get(departmentName) ?? ctx.departments.get(departmentName.toLowerCase());
  if (!departmentId)
    return bad('unknown_department', `There is no department named ${departmentName.slice(0, 60)}`);
  return { ok: true, person: { ...person, departmentId } };
}

export interface ImportFile {
  /** The good rows, each person once. */
  people: ImportPerson[];
  /** The bad rows, by row number. */
  errors: ImportResponse['errors'];
  /** Rows repeating a person of an earlier row (same e-mail, or same phone without e-mail). */
  skipped: number;
  ignored: string[];
}

/** A file read without the organization's context (`readImportFile`), to be placed in it. */
export interface ReadFile {
  candidates: RowCandidate[];
  errors: ImportResponse['errors'];
  ignored: string[];
}

/**
 * Reads the file as the parser goes (csv.ts readCsv, a step at a time): the header first (422 when
 * it is missing or unusable), then every row, pausing every few thousand, so records are never all
 * held at once. Needs nothing of the organization: `placeImportFile` checks the rest.
 */
export async function readImportFile(text: string): Promise<ReadFile> {
  const file: ReadFile = { candidates: [], errors: [], ignored: [] };
  let columns: Columns | undefined;
  for await (const records of readCsv(text)) {
    if (!records.length) continue;
    let from = 0;
    if (!columns) {
      const header = await readHeader(records[0]);
      file.ignored = header.ignored;
      columns = header.columns;
      from = 1;
    }
    const known = columns;
    await forEachPausing(
      records,
      (record) => {
        const r = readRow(record, known);
        if (r.ok) file.candidates.push(r.person);
        else file.errors.push({ row: r.row, code: r.code, message: r.message });
      },
      from,
    );
  }
  if (!columns) throw new AppError('invalid_input', 'The file is empty', { file: 'is empty' });
  return file;
}

/**
 * The read file in the organization: each candidate's remaining checks (`placeRow`), each person
 * once (a later row repeating an earlier good one is skipped), the errors in row order.
 */
export async function placeImportFile(file: ReadFile, ctx: RowContext): Promise<ImportFile> {
  const placed: ImportFile = { people: [], errors: [], skipped: 0, ignored: file.ignored };
  const late: ImportResponse['errors'] = [];
  const seen = new Set<string>();
  await forEachPausing(file.candidates, (candidate) => {
    const r = placeRow(candidate, ctx);
    if (!r.ok) late.push({ row: r.row, code: r.code, message: r.message });
    else if (seen.has(r.person.email ?? `tel:${r.person.phone}`)) placed.skipped++;
    else {
      seen.add(r.person.email ?? `tel:${r.person.phone}`);
      placed.people.push(r.person);
    }
  });
  placed.errors = mergeByRow(file.errors, late);
  return placed;
}

/** Two lists of row errors, each in row order, as one in row order. */
function mergeByRow(
  a: ImportResponse['errors'],
  b: ImportResponse['errors'],
): ImportResponse['errors'] {
  if (!b.length) return a;
  if (!a.length) return b;
  const out: ImportResponse['errors'] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j >= b.length || (i < a.length && a[i]!.row < b[j]!.row) ? a[i++]! : b[j++]!);
  return out;
}
