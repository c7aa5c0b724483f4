import { describe, expect, it } from "vitest";
import { presignS3Url, s3UriEncode } from "./s3-presign";

describe("S3 presigned URLs (SigV4 in the query string)", () => {
  it("gives the signature of AWS's own documented example", () => {
    // The example of "Authenticating Requests: Using Query Parameters" in the S3 API reference.
    const url = presignS3Url({
      method: "GET",
      origin: "https://examplebucket.s3.amazonaws.com",
      path: "/test.txt",
      region: "us-east-1",
      credentials: {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      },
      expiresSec: 86_400,
      now: new Date("2013-05-24T00:00:00Z"),
    });
    expect(url).toBe(
      "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
    );
  });

  it("signs another method, a port and an encoded key differently, and refuses a lifetime S3 would", () => {
    const base = {
      origin: "http://127.0.0.1:9000",
      path: "/bucket/backups/vzdump 101/é.tar.zst",
      region: "eu-west-1",
      credentials: { accessKeyId: "K", secretAccessKey: "S" },
      expiresSec: 60,
      now: new Date("2026-11-27T10:00:00Z"),
    };
    const get = presignS3Url({ ...base, method: "GET" });
    const put = presignS3Url({ ...base, method: "PUT" });
    expect(get).toMatch(/^http:\/\/127\.0\.0\.1:9000\/bucket\/backups\/vzdump%20101\/%C3%A9\.tar\.zst\?/);
    expect(get.split("X-Amz-Signature=")[1]).not.toBe(put.split("X-Amz-Signature=")[1]);
    expect(() => presignS3Url({ ...base, method: "GET", expiresSec: 604_801 })).toThrow(/7 days/);
    expect(s3UriEncode("a/b~c d+e", false)).toBe("a%2Fb~c%20d%2Be");
  });
});
