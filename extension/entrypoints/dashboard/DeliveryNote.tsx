/**
 * What the provider reported of an invitation's latest message, under its status: "Delivered 5
 * minutes ago", or a bounce with its reason marked as an error (shared/api/delivery.ts). The exact
 * time is its tooltip.
 */
import type { DeliveryDto } from '../../../shared/api/delivery';
import { formatDateTime } from '../../lib/dashboard/dates';
import { formatDelivery } from '../../lib/format';

const PROBLEMS = new Set(['bounced', 'complained', 'failed']);

export function DeliveryNote({ delivery }: { delivery: DeliveryDto | null }) {
  if (!delivery) return null;
  const problem = PROBLEMS.has(delivery.status);
  return (
    <div
      class={problem ? 'row-error delivery' : 'muted small delivery'}
      role={problem ? 'note' : undefined}
      title={formatDateTime(delivery.at)}
      data-delivery={delivery.status}
    >
      {formatDelivery(delivery)}
    </div>
  );
}
