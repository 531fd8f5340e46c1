import { SECTIONS } from './actions';
import { labForm, loadMy } from './loadMy';
import { report } from './report';

/**
 * The JSAPI lab: a mini program with one button per `my.*` API, each writing what it got into
 * the status region. Opened from the wallet as a registered app (see e2e/tests/jsapi.spec.ts).
 */
const form = labForm();
const formLabel = document.querySelector('#form')!;
const apis = document.querySelector('#apis')!;

for (const section of SECTIONS) {
  const element = document.createElement('section');
  const heading = document.createElement('h2');
  heading.textContent = section.title;
  element.append(heading);
  if (section.withValueInput) {
    element.insertAdjacentHTML(
      'beforeend',
      '<label class="value">Storage value <input id="storage-value" value="hello" autocomplete="off" /></label>',
    );
  }
  const buttons = document.createElement('div');
  buttons.className = 'buttons';
  for (const action of section.actions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    button.disabled = true;
    button.dataset['api'] = action.label;
    buttons.append(button);
  }
  element.append(buttons);
  apis.append(element);
}

try {
  const my = await loadMy(form);
  formLabel.textContent =
    form === 'script'
      ? 'my from <script src="my.js"> (window.my)'
      : "my from import { my } from '@mp-sandbox/jsapi'";
  const actions = new Map(SECTIONS.flatMap((s) => s.actions).map((a) => [a.label, a]));
  for (const button of apis.querySelectorAll<HTMLButtonElement>('button[data-api]')) {
    button.disabled = false;
    button.addEventListener('click', () => actions.get(button.dataset['api']!)!.run(my));
  }
} catch (error) {
  formLabel.textContent = 'my did not load';
  report('load', 'threw', String(error));
}
