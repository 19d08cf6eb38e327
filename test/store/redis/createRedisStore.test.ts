import { afterAll, beforeAll, describe } from "vitest";
import { describeStoreContract } from "../storeContract";
import { redisFixture } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe("redis store on one primary", () => {
  describeStoreContract("redis", redisFixture(() => redis.url, () => redis.admin));
});
