import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StationMediaPorts } from './media-ports.ts';

test('ports are even, start at 16384 and are reused after release', () => {
  const ports = new StationMediaPorts();
  assert.equal(ports.allocate(), 16384);
  assert.equal(ports.allocate(), 16386);
  ports.release(16384);
  assert.equal(ports.allocate(), 16384);
  assert.equal(ports.allocated, 2);
});

test('an exhausted range yields undefined', () => {
  const ports = new StationMediaPorts(100, 102);
  assert.equal(ports.allocate(), 100);
  assert.equal(ports.allocate(), 102);
  assert.equal(ports.allocate(), undefined);
  ports.releaseAll();
  assert.equal(ports.allocate(), 100);
});
