/**
 * Review: admins approve or reject applications and manage pending invitations; members follow
 * their own links.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { requestBadgeRefresh } from '../../lib/badge-request';
import { formatRelative, formatStatus } from '../../lib/format';
import { t } from '../../lib/i18n';
import type { Resource } from '../../lib/resource';
import { createReviewState } from '../../lib/review';
import { ApplicationItem } from './ApplicationItem';
import { InvitationItem } from './InvitationItem';
import { RenewalItem } from './RenewalItem';

interface SectionProps<T> {
  id: string;
  title: string;
  empty: string;
  resource: Resource<T[]>;
  children: (item: T) => ComponentChildren;
}

function Section<T>({ id, title, empty, resource, children }: SectionProps<T>) {
  const items = resource.data.value;
  return (
    <section class="stack" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {!items && resource.loading.value && <Loading />}
      <ErrorNotice error={resource.error.value} onRetry={() => void resource.reload()} />
      {items?.length === 0 && <Empty>{empty}</Empty>}
      <ul class="list">{items?.map(children)}</ul>
    </section>
  );
}

export function ReviewTab() {
  const app = useApp();
  const review = useMemo(
    () => createReviewState(app, { onReviewed: requestBadgeRefresh }),
    [app, app.orgId.value],
  );
  useEffect(() => void review.load(), [review]);

  const renewals = (
    <Section
      id="renewals-title"
      title={t('review.renewalsTitle')}
      empty={t('review.renewalsEmpty')}
      resource={review.renewals}
    >
      {(r) => <RenewalItem key={r.id} renewal={r} review={review} canInvite={app.isAdmin.value} />}
    </Section>
  );

  if (!app.isAdmin.value) {
    return (
      <div class="stack">
        <ErrorNotice error={review.error.value} />
        {renewals}
        <Section
          id="own-title"
          title={t('review.ownTitle')}
          empty={t('review.ownEmpty')}
          resource={review.applications}
        >
          {(a) => (
            <li key={a.id} class="item">
              <div class="grow">
                <strong>{a.name}</strong> <span class="muted small">{a.email}</span>
                <div class="muted small">
                  {t('review.applied', [formatRelative(a.createdAt)])}
                  {a.reason ? ` · ${a.reason}` : ''}
                </div>
              </div>
              <span class={`status status-${a.status}`}>{formatStatus(a.status)}</span>
            </li>
          )}
        </Section>
      </div>
    );
  }

  return (
    <div class="stack">
      <p class="sr-only" role="status" aria-live="polite">
        {review.outcome.value}
      </p>
      <ErrorNotice error={review.error.value} />
      <Section
        id="applications-title"
        title={t('review.applicationsTitle')}
        empty={t('review.applicationsEmpty')}
        resource={review.applications}
      >
        {(a) => <ApplicationItem key={a.id} application={a} review={review} />}
      </Section>
      {renewals}
      <Section
        id="invitations-title"
        title={t('review.invitationsTitle')}
        empty={t('review.invitationsEmpty')}
        resource={review.invitations}
      >
        {(i) => <InvitationItem key={i.id} invitation={i} review={review} />}
      </Section>
    </div>
  );
}
