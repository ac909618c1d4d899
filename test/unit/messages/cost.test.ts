import { describe, expect, it } from 'vitest';
import { messageCost } from '../../../shared/domain/messages/cost.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';

const prices = defaultPolicy.channels.prices;

describe('messageCost', () => {
  it("prices an SMS per segment at the debtor country's rate", () => {
    expect(messageCost('sms', 'MX', 2, prices)).toEqual({ currency: 'USD', micros: 40_000 });
    expect(messageCost('sms', 'co', 1, prices)).toEqual({ currency: 'USD', micros: 5_000 });
  });

  it('prices email and WhatsApp per message, and falls back to the default price', () => {
    expect(messageCost('whatsapp', 'CL', 1, prices)).toEqual({ currency: 'USD', micros: 25_000 });
    expect(messageCost('whatsapp', 'BR', 3, prices)).toEqual({ currency: 'USD', micros: 15_000 });
    expect(messageCost('email', undefined, 1, prices)).toEqual({ currency: 'USD', micros: 100 });
  });
});
