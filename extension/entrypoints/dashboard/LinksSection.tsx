/**
 * Links: every general invitation link of the organization, newest first, with its creator, uses,
 * expiry and status; only mine / only active; revoke; and a link's details (applications, who
 * joined, remove them all).
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { LinkDto } from '../../../shared/api';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { createLinksState } from '../../lib/dashboard/links';
import { formatDateTime } from '../../lib/dashboard/dates';
import { formatExpiry, formatStatus, formatUses } from '../../lib/format';
import { LinkDetailDialog } from './LinkDetailDialog';
import { useDepartments } from './use-departments';
import { t, uiLocale } from '../../lib/i18n';

/** Chinese and Japanese list with the ideographic comma. */
function listSeparator(): string {
  const locale = uiLocale();
  return locale === 'ja' || locale === 'zh-CN' ? '、' : ', ';
}

/** "Member, approval, Sales": what the link grants, in a few words. */
function grants(link: LinkDto, department: string | undefined): string {
  return [
    formatStatus(link.role),
    link.requiresApproval ? t('links.approval') : t('links.noApproval'),
    department,
  ]
    .filter(Boolean)
    .join(listSeparator());
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
      <div class="toolbar" role="group" aria-label={t('links.filter')}>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.value.mine}
            onChange={(e) => links.setFilters({ mine: e.currentTarget.checked })}
          />
          {t('links.mine')}
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.value.active}
            onChange={(e) => links.setFilters({ active: e.currentTarget.checked })}
          />
          {t('links.active')}
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
          !list.error.value && <Empty>{t('links.empty')}</Empty>
        )
      ) : (
        <table aria-label={t('dashboard.section.links')} aria-busy={list.loading.value}>
          <thead>
            <tr>
              <th>{t('links.link')}</th>
              <th>{t('links.createdBy')}</th>
              <th>{t('links.grants')}</th>
              <th>{t('links.uses')}</th>
              <th>{t('links.expiry')}</th>
              <th>{t('table.status')}</th>
              <th>
                <span class="sr-only">{t('table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((link) => {
              const label = {
                name: link.createdBy.name,
                date: formatDateTime(link.createdAt),
              };
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
                        aria-label={t('links.detailsOf', label)}
                        onClick={() => (links.open.value = link)}
                      >
                        {t('links.details')}
                      </button>
                      {(link.status === 'active' || link.status === 'suspended') && (
                        <button
                          type="button"
                          class="small-button danger"
                          aria-label={t('links.revokeThe', label)}
                          onClick={() => void links.revoke(link)}
                        >
                          {t('myLinks.revoke')}
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
          {t('links.more')}
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
