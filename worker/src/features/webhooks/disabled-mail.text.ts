/** The words of the notice that an endpoint was disabled (disabled-mail.ts). */
import { defineText } from '../../i18n/text';

export const webhookMailText = defineText('webhooks/disabled-mail', {
  en: {
    subject: 'A webhook endpoint of {org} was disabled',
    heading: 'Webhook endpoint disabled',
    intro:
      'Every attempt to deliver events to this endpoint failed for 3 days, so it was disabled and receives no more events.',
    endpoint: 'Endpoint',
    lastError: 'Last error',
    fix: 'Once the receiver answers again, enable the endpoint in the dashboard (Webhooks) and send a test event.',
  },
  'zh-CN': {
    subject: '{org} 的一个 Webhook 端点已被停用',
    heading: 'Webhook 端点已停用',
    intro: '向此端点投递事件的所有尝试在 3 天内均告失败，因此它已被停用，不会再接收任何事件。',
    endpoint: '端点',
    lastError: '最近的错误',
    fix: '接收方恢复响应后，请在控制台（Webhooks）中重新启用该端点，并发送一个测试事件。',
  },
  ru: {
    subject: 'Вебхук-адрес организации {org} отключён',
    heading: 'Вебхук-адрес отключён',
    intro:
      'В течение 3 дней все попытки доставить события на этот адрес завершались ошибкой, поэтому он отключён и больше не получает событий.',
    endpoint: 'Адрес',
    lastError: 'Последняя ошибка',
    fix: 'Когда получатель снова начнёт отвечать, включите адрес в панели управления (раздел «Вебхуки») и отправьте тестовое событие.',
  },
  ja: {
    subject: '{org} の Webhook エンドポイントが無効になりました',
    heading: 'Webhook エンドポイントを無効にしました',
    intro:
      'このエンドポイントへのイベント配信が 3 日間すべて失敗したため、エンドポイントを無効にしました。今後イベントは届きません。',
    endpoint: 'エンドポイント',
    lastError: '最後のエラー',
    fix: '受信側が再び応答するようになったら、ダッシュボード（Webhook）でエンドポイントを有効にし、テストイベントを送信してください。',
  },
});
