import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../packages/core-tensor/dist/index.js';
await tf.setBackend('cpu');
const x = tf.tensor4d(Array.from({length: 2*5*5*3}, (_, i) => Math.sin(i)), [2,5,5,3]);
const w = tf.tensor4d(Array.from({length: 3*3*3*4}, (_, i) => Math.cos(i)), [3,3,3,4]);
const g = tf.grads((a, b) => tf.add(tf.sum(tf.square(tf.relu(tf.conv2d(a, b, 1, 'same')))), tf.mean(tf.maxPool(a, 2, 2, 'valid'))));
const [ga, gb] = g([x, w]);
console.log(tf.sum(ga).dataSync()[0], tf.sum(gb).dataSync()[0]);
