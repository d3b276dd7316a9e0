export { parseCvssVector, CvssError, type CvssVector, type CvssVersion } from './cvss-vector.js';
