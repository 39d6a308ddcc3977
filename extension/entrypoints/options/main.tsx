import { render } from 'preact';
import '../../components/base.css';
import { preferencesItem, sessionItem } from '../../lib/storage';
import { Options } from './Options';
import './options.css';

render(<Options store={preferencesItem} session={sessionItem} />, document.getElementById('app')!);
