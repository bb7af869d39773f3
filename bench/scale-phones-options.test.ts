import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { checkDescriptors, parseScaleBenchOptions, phonesProcessPlan } from './scale-phones-options.ts';

describe('parseScaleBenchOptions', () => {
  it('defaults to 30,000 phones on a 3-node CUCM cluster, one phones process per node', () => {
    assert.deepEqual(parseScaleBenchOptions([]), {
      target: 'cucm',
      phones: 30_000,
      nodes: 3,
      phoneProcesses: 3,
      keepaliveSeconds: 30,
      holdSeconds: 35,
      concurrency: 200,
      cpuProfDir: undefined,
      out: undefined,
    });
  });

  it('on a CME defaults to 10,000 phones in one phones process, and reads every option', () => {
    assert.deepEqual(parseScaleBenchOptions(['--target', 'cme']).phones, 10_000);
    assert.deepEqual(parseScaleBenchOptions(['--target', 'cme']).phoneProcesses, 1);
    assert.deepEqual(
      parseScaleBenchOptions([
        '--target',
        'cme',
        '--phones',
        '9000',
        '--phone-processes',
        '2',
        '--keepalive-seconds',
        '10',
        '--hold-seconds',
        '0',
        '--concurrency',
        '50',
        '--cpu-prof',
        'p',
        '--out',
        'x.json',
      ]),
      {
        target: 'cme',
        phones: 9000,
        nodes: 1,
        phoneProcesses: 2,
        keepaliveSeconds: 10,
        holdSeconds: 0,
        concurrency: 50,
        cpuProfDir: 'p',
        out: 'x.json',
      },
    );
  });

  it('refuses what the target cannot have, naming the option', () => {
    const refused = (argv: string[], message: RegExp) =>
      assert.throws(
        () => parseScaleBenchOptions(argv),
        (e: unknown) => e instanceof BenchOptionError && message.test(e.message),
      );
    refused(['--target', 'sip'], /^--target: 'sip' is not cme or cucm$/);
    refused(['--target', 'cme', '--phones', '30000'], /^--phones: 30000 is outside 1..10000$/);
    refused(['--target', 'cme', '--nodes', '2'], /^--nodes: a CME is one node/);
    refused(['--keepalive-seconds', '10'], /^--keepalive-seconds: the CUCM keepalive is fixed at 30 s$/);
    refused(['--nodes', '9'], /^--nodes: 9 is outside 1..8$/);
    refused(
      ['--nodes', '3', '--phone-processes', '4'],
      /^--phone-processes: 4 is not a multiple of the 3 nodes$/,
    );
    refused(['--phones', '2'], /^--phones: 2 is outside 3..100000$/);
    refused(['--hold'], /^arguments: /);
  });
});

describe('phonesProcessPlan', () => {
  it('cuts each node block into parts with its CM group', () => {
    assert.deepEqual(phonesProcessPlan({ target: 'cucm', phones: 10, nodes: 2, phoneProcesses: 4 }), [
      { first: 0, count: 3, targets: ['cm-1', 'cm-2'] },
      { first: 3, count: 2, targets: ['cm-1', 'cm-2'] },
      { first: 5, count: 3, targets: ['cm-2', 'cm-1'] },
      { first: 8, count: 2, targets: ['cm-2', 'cm-1'] },
    ]);
    assert.deepEqual(phonesProcessPlan({ target: 'cme', phones: 10_000, nodes: 1, phoneProcesses: 3 }), [
      { first: 0, count: 3334, targets: ['cme'] },
      { first: 3334, count: 3333, targets: ['cme'] },
      { first: 6667, count: 3333, targets: ['cme'] },
    ]);
  });
});

describe('checkDescriptors', () => {
  it('refuses a process holding more connections than its open-file limit allows', () => {
    assert.doesNotThrow(() => checkDescriptors([{ what: 'cm-1', connections: 19_800 }], 20_000));
    assert.throws(
      () => checkDescriptors([{ what: 'cme', connections: 30_000 }], 20_000),
      /^BenchOptionError: cme: 30000 connections in one process exceed the open-file limit 20000 \(ulimit -n\) less 200$/,
    );
  });
});
