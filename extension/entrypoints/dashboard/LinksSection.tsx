/**
 * Links: every general invitation link of the organization, newest first, with its creator, uses,
 * expiry and status; only mine / only active; revoke; and a link's details (applications, who
 * joined, remove them all).
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { LinkDto } from '../../../shared/api';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { formatDateTime } from '../../lib/dashboard/dates';
import { createLinksState } from '../../lib/dashboard/links';
import { formatExpiry, formatStatus, formatUses } from '../../lib/format';
import { LinkDetailDialog } from './LinkDetailDialog';
import { useDepartments } from './use-departments';

/** "Member, approval, Sales": what the link grants, in a few words. */
function grants(link: LinkDto, department: string | undefined): string {
  return [formatStatus(link.role), link.requiresApproval ? 'approval' : 'no approval', department]
    .filter(Boolean)
    .join(', ');
}

export function LinksSection() {
  const app = useApp();
  const links = useMemo(() => createLinksState(app), [app]);
  useEffect(() => void links.load(), [links]);
  const departments = useDepartments(app);
  const departmentName = (id: string | null) => departments.value.find((d) => d.id === id)?.name;
  const { list, filters } = links;
  const items = list.items.value;

  return (
    <>
      {/* biome-ignore lint/a11y/useSemanticElements: a toolbar row; a fieldset would draw a box and want a legend */}
      <div class="toolbar" role="group" aria-label="Filter links">
        <label class="check">
          <input
            type="checkbox"
            checked={filters.value.mine}
            onChange={(e) => links.setFilters({ mine: e.currentTarget.checked })}
          />
          Only links I created
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.value.active}
            onChange={(e) => links.setFilters({ active: e.currentTarget.checked })}
          />
          Only active links
        </label>
      </div>
      <ErrorNotice
        error={links.error.value ?? list.error.value}
        onRetry={() => void links.load()}
      />
      {items.length === 0 ? (
        list.loading.value ? (
          <Loading />
        ) : (
          !list.error.value && (
            <Empty>No links match. Links are created from the toolbar button.</Empty>
          )
        )
      ) : (
        <table aria-label="Links" aria-busy={list.loading.value}>
          <thead>
            <tr>
              <th>Link</th>
              <th>Created by</th>
              <th>Grants</th>
              <th>Uses</th>
              <th>Expiry</th>
              <th>Status</th>
              <th>
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((link) => {
              const label = `link by ${link.createdBy.name} from ${formatDateTime(link.createdAt)}`;
              return (
                <tr key={link.id}>
                  <td class="link-cell">
                    <div class="mono small truncate" title={link.url}>
                      {link.url}
                    </div>
                  </td>
                  <td>
                    {link.createdBy.name}
                    <div class="muted small">{formatDateTime(link.createdAt)}</div>
                  </td>
                  <td class="small">{grants(link, departmentName(link.departmentId))}</td>
                  <td class="small">{formatUses(link.useCount, link.maxUses)}</td>
                  <td class="small">
                    {link.status === 'revoked' ? '' : formatExpiry(link.expiresAt)}
                  </td>
                  <td>
                    <span class={`status status-${link.status}`}>{formatStatus(link.status)}</span>
                  </td>
                  <td>
                    <div class="row">
                      <button
                        type="button"
                        class="small-button"
                        aria-label={`Details of the ${label}`}
                        onClick={() => (links.open.value = link)}
                      >
                        Details
                      </button>
                      {(link.status === 'active' || link.status === 'suspended') && (
                        <button
                          type="button"
                          class="small-button danger"
                          aria-label={`Revoke the ${label}`}
                          onClick={() => void links.revoke(link)}
                        >
                          Revoke
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {list.nextCursor.value && (
        <button type="button" disabled={list.loading.value} onClick={() => void list.load(true)}>
          Load more links
        </button>
      )}
      {links.open.value && (
        <LinkDetailDialog
          link={links.open.value}
          onChanged={links.replace}
          onClose={() => (links.open.value = null)}
        />
      )}
    </>
  );
}
