/**
 * A modal dialog (the browser's own <dialog>): named by its title, keeps focus inside while open,
 * closes with Escape or the close button, and gives focus back to what opened it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { t } from '../../lib/i18n';

interface Props {
  /** Names the dialog; unique in the page (one dialog is open at a time). */
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** A wider dialog for tables. */
  wide?: boolean;
}

export function Dialog({ id, title, onClose, children, wide = false }: Props) {
  const titleId = `${id}-title`;
  useEffect(() => {
    // By id, not a ref: each hook the dashboard imports is one more export of the popup's budgeted
    // chunk.
    const dialog = document.getElementById(id) as HTMLDialogElement | null;
    dialog?.showModal();
    // Closing (rather than only removing) the dialog returns focus to the button that opened it.
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      id={id}
      class={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      <div class="row between">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="link-button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {children}
    </dialog>
  );
}
