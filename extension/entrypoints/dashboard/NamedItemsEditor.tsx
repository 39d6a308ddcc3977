/** Lists named items (departments, workspaces) with rename and delete, and a form to add one. */
import { useSignal } from '@preact/signals';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import type { NamedItem, NamedItemsState } from '../../lib/dashboard/named-items';
import { t } from '../../lib/i18n';

/** What the items are: each kind has its own sentences (`named.department.*`). */
type Noun = 'department' | 'workspace';

interface Props<T extends NamedItem> {
  state: NamedItemsState<T>;
  noun: Noun;
  /** Departments form a tree: offer a parent when adding one. */
  withParent?: boolean;
}

function ItemRow<T extends NamedItem>({
  item,
  state,
  noun,
  parentName,
}: {
  item: T;
  state: NamedItemsState<T>;
  noun: Noun;
  parentName?: string | undefined;
}) {
  const editing = useSignal<string | null>(null);
  if (editing.value !== null) {
    return (
      <li class="item">
        <form
          class="row grow"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await state.rename(item.id, editing.value ?? '')) editing.value = null;
          }}
        >
          <input
            class="grow"
            aria-label={t('named.newNameOf', [item.name])}
            value={editing.value}
            required
            maxLength={100}
            onInput={(e) => (editing.value = e.currentTarget.value)}
            // biome-ignore lint/a11y/noAutofocus: the field a click just revealed takes the focus
            autoFocus
          />
          <button type="submit" class="primary small-button">
            {t('common.save')}
          </button>
          <button type="button" class="small-button" onClick={() => (editing.value = null)}>
            {t('common.cancel')}
          </button>
        </form>
      </li>
    );
  }
  return (
    <li class="item">
      <span class="grow">
        {item.name}
        {parentName && <span class="muted small"> {t('named.in', [parentName])}</span>}
      </span>
      <button
        type="button"
        class="small-button"
        aria-label={t(`named.${noun}.rename`, [item.name])}
        onClick={() => (editing.value = item.name)}
      >
        {t('named.rename')}
      </button>
      <button
        type="button"
        class="small-button danger"
        aria-label={t(`named.${noun}.delete`, [item.name])}
        onClick={() =>
          confirm(t(`named.${noun}.deleteQuestion`, [item.name])) && void state.remove(item.id)
        }
      >
        {t('named.delete')}
      </button>
    </li>
  );
}

export function NamedItemsEditor<T extends NamedItem>({
  state,
  noun,
  withParent = false,
}: Props<T>) {
  const name = useSignal('');
  const parentId = useSignal('');
  const items = state.items.value;
  const nameOf = (id: string | null | undefined) => items?.find((i) => i.id === id)?.name;

  async function add(event: Event) {
    event.preventDefault();
    if (await state.create(name.value, parentId.value || null)) name.value = '';
  }

  return (
    <>
      <ErrorNotice error={state.error.value} />
      {items === undefined ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t(`named.${noun}.empty`)}</Empty>
      ) : (
        <ul class="list" aria-label={t(`named.${noun}.list`)}>
          {items.map((item) => (
            <ItemRow
              key={item.id}
              item={item}
              state={state}
              noun={noun}
              parentName={nameOf(item.parentId)}
            />
          ))}
        </ul>
      )}
      <form class="card toolbar" onSubmit={add} aria-label={t(`named.${noun}.add`)}>
        <label class="grow">
          {t(`named.${noun}.newName`)}
          <input
            value={name.value}
            required
            maxLength={100}
            onInput={(e) => (name.value = e.currentTarget.value)}
          />
        </label>
        {withParent && (
          <label>
            {t('named.inside')}
            <select
              value={parentId.value}
              onChange={(e) => (parentId.value = e.currentTarget.value)}
            >
              <option value="">{t('named.topLevel')}</option>
              {(items ?? []).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" class="primary">
          {t(`named.${noun}.add`)}
        </button>
      </form>
    </>
  );
}
