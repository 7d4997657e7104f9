import { expect } from 'chai';
import { formatRunList } from '../../src/app/runs.js';

describe('rnnflow runs: names from the disk', () => {
  it('terminal escape codes in a folder name or a status are shown as ?, never sent raw', () => {
    const listed = formatRunList([{
      dir: '/tmp/runs/evil\u001b]0;owned\u0007\u001b[2J', name: 'evil', id: 'x', status: 'completed\u001b[31m\r', epochs: 1,
    }]);
    // eslint-disable-next-line no-control-regex
    expect(listed).not.to.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(listed).to.include('evil?]0;owned??[2J');
    expect(listed).to.include('completed?[31m?');
  });
});
