/** Every extension unit test starts with the browser in English (test/unit/extension/browser-language.ts). */
import { setBrowserLanguage } from './browser-language';

setBrowserLanguage('en');
