/** The inputs of the organization settings form. */
import type { OrgSettings } from '../../../shared/api';
import type { FieldErrors } from '../../lib/dashboard/validate';

interface Props {
  value: OrgSettings;
  errors: FieldErrors;
  locked: readonly (keyof OrgSettings)[];
  onChange: (patch: Partial<OrgSettings>) => void;
}

const SWITCHES: [keyof OrgSettings, string][] = [
  ['allowMemberLinks', 'Members may share invitation links'],
  ['memberLinksRequireApproval', 'Links made by members always require approval'],
  ['emailOnly', 'E-mail only: never send invitations by SMS'],
  [
    'sendInitialPassword',
    'Send an initial password in welcome messages (must be changed at first sign-in)',
  ],
];

export function SettingsFields({ value, errors, locked, onChange }: Props) {
  const isLocked = (key: keyof OrgSettings) => locked.includes(key);
  const ownerNote = (key: keyof OrgSettings) => (isLocked(key) ? ' (owner only)' : '');
  const error = (key: keyof OrgSettings) =>
    errors[key] && <span class="row-error">{errors[key]}</span>;

  return (
    <div class="stack">
      {SWITCHES.map(([key, label]) => (
        <label class="check" key={key}>
          <input
            type="checkbox"
            checked={Boolean(value[key])}
            disabled={isLocked(key)}
            onChange={(e) => onChange({ [key]: e.currentTarget.checked })}
          />
          {label}
          {ownerNote(key)}
        </label>
      ))}
      <div class="grid-form">
        <label>
          Personal invitations expire after (hours)
          <input
            type="number"
            min={1}
            max={2160}
            value={value.inviteTtlHours}
            onInput={(e) => onChange({ inviteTtlHours: e.currentTarget.valueAsNumber })}
          />
          {error('inviteTtlHours')}
        </label>
        <label>
          Links are valid at most (hours, empty for no limit)
          <input
            type="number"
            min={1}
            max={8760}
            value={value.linkMaxTtlHours ?? ''}
            onInput={(e) =>
              onChange({
                linkMaxTtlHours:
                  e.currentTarget.value === '' ? null : e.currentTarget.valueAsNumber,
              })
            }
          />
          {error('linkMaxTtlHours')}
        </label>
        <label>
          Remind invitees before their invitation expires (hours before, empty for no reminder)
          <input
            type="number"
            min={1}
            max={720}
            value={value.reminderHoursBeforeExpiry ?? ''}
            onInput={(e) =>
              onChange({
                reminderHoursBeforeExpiry:
                  e.currentTarget.value === '' ? null : e.currentTarget.valueAsNumber,
              })
            }
          />
          {error('reminderHoursBeforeExpiry')}
        </label>
        <label>
          Login address in welcome messages{ownerNote('loginUrl')}
          <input
            type="url"
            placeholder="The server's own sign-in page"
            disabled={isLocked('loginUrl')}
            value={value.loginUrl ?? ''}
            onInput={(e) => onChange({ loginUrl: e.currentTarget.value.trim() || null })}
          />
          {error('loginUrl')}
        </label>
        <label>
          Allowed e-mail domains{ownerNote('allowedEmailDomains')}
          <input
            placeholder="Any domain; or e.g. example.com, example.org"
            disabled={isLocked('allowedEmailDomains')}
            value={value.allowedEmailDomains.join(', ')}
            onChange={(e) =>
              onChange({
                allowedEmailDomains: e.currentTarget.value.split(/[\s,]+/).filter(Boolean),
              })
            }
          />
          {error('allowedEmailDomains')}
        </label>
      </div>
    </div>
  );
}
