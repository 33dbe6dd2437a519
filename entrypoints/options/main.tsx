import './options.css';
import { render } from 'preact';
import { createDeskClient } from '@/lib/content/desk-client';
import { OptionsPage } from './OptionsPage';
import { sections } from './sections';

const dark = matchMedia('(prefers-color-scheme: dark)');
const followTheme = () => {
  document.documentElement.dataset.theme = dark.matches ? 'dark' : 'light';
  document.documentElement.style.colorScheme = dark.matches ? 'dark' : 'light';
};
followTheme();
dark.addEventListener('change', followTheme);
document.body.classList.add('bg-white', 'dark:bg-slate-900');

render(<OptionsPage desk={createDeskClient(new AbortController().signal)} sections={sections} />, document.getElementById('app')!);
