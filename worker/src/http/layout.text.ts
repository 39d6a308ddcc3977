/** The words of the hosted pages' frame (http/layout.tsx). */
import { defineText } from '../i18n/text';

export const layoutText = defineText('http/layout', {
  en: {
    /** Shown after every page's title in the browser's tab. */
    product: 'Invitations',
    languages: 'Language',
  },
  'zh-CN': {
    product: '邀请',
    languages: '语言',
  },
  ru: {
    product: 'Приглашения',
    languages: 'Язык',
  },
  ja: {
    product: '招待',
    languages: '言語',
  },
});
