import { EventStreamSerde, eventStreamSerdeProvider, resolveEventStreamSerdeConfig } from "../../src/bundling/event-streams-shim";

describe("event streams shim", () => {
  it("lets a client build its configuration", () => {
    // Act
    const config = resolveEventStreamSerdeConfig({ region: "us-east-1", eventStreamSerdeProvider });
    // Assess
    expect(config).toMatchObject({ region: "us-east-1", eventStreamMarshaller: expect.any(Object) });
  });

  it("fails any event-stream operation at once, saying why", () => {
    const marshaller = eventStreamSerdeProvider();
    expect(() => marshaller.deserialize()).toThrow(/Event streams are left out of this Lambda bundle/);
    expect(() => marshaller.serialize()).toThrow(/Event streams are left out/);
    expect(() => new EventStreamSerde()).toThrow(/Event streams are left out/);
  });
});
