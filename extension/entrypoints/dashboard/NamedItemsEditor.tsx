/** Lists named items (departments, workspaces) with rename and delete, and a form to add one. */
import { useSignal } from '@preact/signals';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import type { NamedItem, NamedItemsState } from '../../lib/dashboard/named-items';

interface Props<T extends NamedItem> {
  state: NamedItemsState<T>;
  noun: string;
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
  noun: string;
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
            aria-label={`New name of ${item.name}`}
            value={editing.value}
            required
            maxLength={100}
            onInput={(e) => (editing.value = e.currentTarget.value)}
            // biome-ignore lint/a11y/noAutofocus: the field a click just revealed takes the focus
            autoFocus
          />
          <button type="submit" class="primary small-button">
            Save
          </button>
          <button type="button" class="small-button" onClick={() => (editing.value = null)}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li class="item">
      <span class="grow">
        {item.name}
        {parentName && <span class="muted small"> in {parentName}</span>}
      </span>
      <button
        type="button"
        class="small-button"
        aria-label={`Rename ${noun} ${item.name}`}
        onClick={() => (editing.value = item.name)}
      >
        Rename
      </button>
      <button
        type="button"
        class="small-button danger"
        aria-label={`Delete ${noun} ${item.name}`}
        onClick={() => confirm(`Delete the ${noun} ${item.name}?`) && void state.remove(item.id)}
      >
        Delete
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
        <Empty>No {noun}s yet.</Empty>
      ) : (
        <ul class="list" aria-label={`${noun}s`}>
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
      <form class="card toolbar" onSubmit={add} aria-label={`Add ${noun}`}>
        <label class="grow">
          Name of the new {noun}
          <input
            value={name.value}
            required
            maxLength={100}
            onInput={(e) => (name.value = e.currentTarget.value)}
          />
        </label>
        {withParent && (
          <label>
            Inside
            <select
              value={parentId.value}
              onChange={(e) => (parentId.value = e.currentTarget.value)}
            >
              <option value="">Top level</option>
              {(items ?? []).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" class="primary">
          Add {noun}
        </button>
      </form>
    </>
  );
}
