export { NominalDriver } from './nominal-driver.js';
