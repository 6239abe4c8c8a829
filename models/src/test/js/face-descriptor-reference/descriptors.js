// Computes face descriptors with face-api's own FaceRecognitionNet code on TensorFlow.js's
// pure-JavaScript CPU backend, as an independent reference for the ONNX conversion.
//
// usage: node descriptors.js MODEL_DIR CROP.rgb...
//   MODEL_DIR  directory with face_recognition_model-weights_manifest.json and its shard
//   CROP.rgb   150*150*3 bytes, RGB, row-major (what face-api gets from a 150x150 image)
// prints one JSON object: {"backend": "cpu", "descriptors": [[128 numbers], ...]}
'use strict';

const fs = require('fs');
// face-api's node-wasm build loads plain @tensorflow/tfjs (no native binary); we select the CPU backend.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const SIZE = 150;

async function main() {
  const [modelDir, ...crops] = process.argv.slice(2);
  if (!modelDir || crops.length === 0) {
    throw new Error('usage: node descriptors.js MODEL_DIR CROP.rgb...');
  }
  const tf = faceapi.tf;
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);

  const descriptors = [];
  for (const crop of crops) {
    const bytes = fs.readFileSync(crop);
    if (bytes.length !== SIZE * SIZE * 3) {
      throw new Error(`${crop}: ${bytes.length} bytes, expected ${SIZE * SIZE * 3}`);
    }
    const image = tf.tensor3d(Int32Array.from(bytes), [SIZE, SIZE, 3], 'int32');
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(image);
    image.dispose();
    descriptors.push(Array.from(descriptor));
  }
  process.stdout.write(JSON.stringify({ backend: tf.getBackend(), descriptors }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(1);
});
