/** The words of the hosted pages' error pages (http/page-router.tsx) and of "Page not found". */
import { defineText } from '../i18n/text';

export const pageErrorsText = defineText('http/page-router', {
  en: {
    forbiddenTitle: 'This form cannot be sent from here',
    forbidden:
      'For your safety this form only works from its own page. Open the link again and send the form from there.',
    rateLimitedTitle: 'Too many attempts',
    rateLimited: 'Too many attempts from here. Please try again {when}.',
    tooLargeTitle: 'That is too much text',
    tooLarge: 'The form was larger than this page accepts.',
    notFoundTitle: 'Page not found',
    notFound:
      'There is nothing at this address. Check the link, or ask whoever sent it for a new one.',
    failedTitle: 'Something went wrong',
    internal: 'Something went wrong on our side. Please try again in a moment.',
    failed: 'This did not work. Open the link again, or try again in a moment.',
  },
  'zh-CN': {
    forbiddenTitle: '无法从这里提交此表单',
    forbidden: '为了您的安全，此表单只能在它自己的页面上提交。请重新打开链接，并在那里提交表单。',
    rateLimitedTitle: '尝试次数过多',
    rateLimited: '此处的尝试次数过多。请{when}再试。',
    tooLargeTitle: '内容过多',
    tooLarge: '提交的表单超出了此页面可接受的大小。',
    notFoundTitle: '找不到页面',
    notFound: '此地址下没有内容。请检查链接，或请发送链接的人给您一个新链接。',
    failedTitle: '出了点问题',
    internal: '我们这边出了点问题。请稍后再试。',
    failed: '操作未能完成。请重新打开链接，或稍后再试。',
  },
  ru: {
    forbiddenTitle: 'Эту форму нельзя отправить отсюда',
    forbidden:
      'Ради вашей безопасности эта форма работает только на своей странице. Откройте ссылку ещё раз и отправьте форму оттуда.',
    rateLimitedTitle: 'Слишком много попыток',
    rateLimited: 'Слишком много попыток отсюда. Попробуйте ещё раз {when}.',
    tooLargeTitle: 'Слишком много текста',
    tooLarge: 'Форма больше, чем принимает эта страница.',
    notFoundTitle: 'Страница не найдена',
    notFound:
      'По этому адресу ничего нет. Проверьте ссылку или попросите того, кто её прислал, отправить новую.',
    failedTitle: 'Что-то пошло не так',
    internal: 'Что-то пошло не так на нашей стороне. Попробуйте ещё раз чуть позже.',
    failed: 'Не получилось. Откройте ссылку ещё раз или попробуйте чуть позже.',
  },
  ja: {
    forbiddenTitle: 'このフォームはここからは送信できません',
    forbidden:
      '安全のため、このフォームは専用のページからのみ送信できます。リンクをもう一度開き、そのページからフォームを送信してください。',
    rateLimitedTitle: '試行回数が多すぎます',
    rateLimited: 'ここからの試行回数が多すぎます。{when}にもう一度お試しください。',
    tooLargeTitle: 'テキストが多すぎます',
    tooLarge: 'このページで受け付けられる大きさを超えるフォームが送信されました。',
    notFoundTitle: 'ページが見つかりません',
    notFound:
      'このアドレスには何もありません。リンクを確認するか、リンクを送った人に新しいリンクを依頼してください。',
    failedTitle: '問題が発生しました',
    internal: 'こちら側で問題が発生しました。しばらくしてからもう一度お試しください。',
    failed:
      'うまくいきませんでした。リンクをもう一度開くか、しばらくしてからもう一度お試しください。',
  },
});
