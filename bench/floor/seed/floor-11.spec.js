// Part 11 of the floor's tests (floor-tests.js).
import { declarePart } from './floor-tests.js';

declarePart(11);
