import { describe, expect, test } from "vitest";
import { classifyRedisFailure } from "../../../src/store/redis/classifyRedisFailure";
import { RedisCommandTimeout } from "../../../src/store/redis/RedisCommandTimeout";

const reply = (message: string) => Object.assign(new Error(message), { name: "ReplyError" });

describe("classifyRedisFailure: what a failed call may have changed", () => {
  test.each([
    ["no reply in time", new RedisCommandTimeout("Redis did not answer commit within 25 ms"), "unknown"],
    ["the connection dropped with the command on the wire", new Error("Connection is closed."), "unknown"],
    ["ioredis gave up on the command after the connection dropped", Object.assign(new Error("Reached the max retries per request limit (which is 0)."), { name: "MaxRetriesPerRequestError" }), "unknown"],
    ["an error inside a script", reply("ERR user_script:12: Script attempted to access nonexistent global variable"), "unknown"],
    ["out of memory: a flagged script is refused before it runs", reply("OOM command not allowed when used memory > 'maxmemory'."), "not_run"],
    ["the script cache was emptied", reply("NOSCRIPT No matching script."), "not_run"],
    ["the cluster is down", reply("CLUSTERDOWN The cluster is down"), "not_run"],
    ["Redis is still loading its data", reply("LOADING Redis is loading the dataset in memory"), "not_run"],
    ["not connected: nothing was sent", new Error("Stream isn't writeable and enableOfflineQueue options is false"), "not_run"],
  ] as const)("%s → %s", (_name, cause, certainty) => {
    expect(classifyRedisFailure(cause).certainty).toBe(certainty);
  });
});
