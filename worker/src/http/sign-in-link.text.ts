/** The words of the link to sign in on result pages (http/sign-in-link.tsx). */
import { defineText } from '../i18n/text';

export const signInLinkText = defineText('http/sign-in-link', {
  en: {
    signIn: 'Sign in',
    orgPage: 'Sign-in page given by “{org}”:',
  },
  'zh-CN': {
    signIn: '登录',
    orgPage: '“{org}”提供的登录页面：',
  },
  ru: {
    signIn: 'Войти',
    orgPage: 'Страница входа, указанная организацией «{org}»:',
  },
  ja: {
    signIn: 'サインイン',
    orgPage: '「{org}」が指定したサインインページ：',
  },
});
