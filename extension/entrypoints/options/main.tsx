import { render } from 'preact';
import '../../components/base.css';
import { preferencesItem } from '../../lib/storage';
import { Options } from './Options';
import './options.css';

render(<Options store={preferencesItem} />, document.getElementById('app')!);
